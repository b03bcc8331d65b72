import type { BreadcrumbList, CorrectionComment, ImageObject, NewsArticle, Organization, Person, WebSite, WithContext } from "schema-dts";
import type { Article, PhotoRights } from "../content/article.ts";
import { lastChange } from "./last-modified.ts";
import type { SocialImages } from "../images/picture.ts";
import { absoluteUrl } from "../filters/absolute-url.ts";
import type { SiteSettings } from "../settings.ts";

/**
 * Structured data (schema.org JSON-LD) for search engines: NewsArticle and BreadcrumbList on
 * article pages, WebSite and Organization on the home page, with the fields Google recommends
 * for news (https://developers.google.com/search/docs/appearance/structured-data/article).
 * Built as plain objects here; `jsonForScript` makes them safe inside a <script> element.
 */

/** The site's own images, read once per build (see src/index.ts). */
export interface SiteImages {
  logo: { url: string; width: number; height: number; type: string };
  card: { url: string; width: number; height: number; type: string; alt: string };
}

// Google shows at most 110 characters of a headline.
export const HEADLINE_MAX = 110;

export function headline(title: string): string {
  const chars = [...title];
  if (chars.length <= HEADLINE_MAX) return title;
  const cut = chars.slice(0, HEADLINE_MAX - 1).join("");
  const space = cut.lastIndexOf(" ");
  return `${(space > HEADLINE_MAX / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

export function organization(site: SiteSettings, images: SiteImages) {
  return {
    "@type": "NewsMediaOrganization",
    "@id": `${absoluteUrl("/", site.url)}#organization`,
    name: site.name,
    url: absoluteUrl("/", site.url),
    logo: { "@type": "ImageObject", url: images.logo.url, width: `${images.logo.width}`, height: `${images.logo.height}` },
    // Profile URLs are typed in the settings and may hold any script: made ASCII like every URL here.
    ...(Object.keys(site.social).length > 0 ? { sameAs: Object.values(site.social).map((u) => absoluteUrl(u, site.url)) } : {}),
  } satisfies Organization;
}

export function newsArticle(article: Article, site: SiteSettings, images: SiteImages): WithContext<NewsArticle> {
  const url = absoluteUrl(article.url, site.url);
  const social = article.image?.social;
  const authors: Person[] = article.authors.map((a) => ({
    "@type": "Person",
    name: a.name,
    ...(a.url ? { url: absoluteUrl(a.url, site.url) } : {}),
  }));
  return {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    headline: headline(article.title),
    description: article.description,
    image: articleImages(social, site, images),
    datePublished: article.date,
    // The latest of updated and the corrections (src/pages/last-modified.ts).
    dateModified: lastChange(article),
    ...(article.corrections ? { correction: article.corrections.map((c): CorrectionComment => ({ "@type": "CorrectionComment", text: c.text, datePublished: c.date })) } : {}),
    ...(authors.length > 0 ? { author: authors } : {}),
    publisher: organization(site, images),
    mainEntityOfPage: { "@type": "WebPage", "@id": url },
    url,
    articleSection: article.section.label,
    ...(article.tags.length > 0 ? { keywords: article.tags.map((t) => t.name) } : {}),
    inLanguage: site.language,
  };
}

/**
 * NewsArticle.image: the lead photo's crops in Google's three aspect ratios (16:9, 4:3, 1:1),
 * those at least 50,000 pixels (Google's minimum; smaller ones are not made, see
 * src/images/social-minimums.ts); the site's card when there is no photo or none is large enough.
 */
export function articleImages(social: SocialImages | undefined, site: SiteSettings, images: SiteImages): string[] {
  const crops = social ? [social["16x9"], social["4x3"], social["1x1"]].filter((i) => i !== undefined) : [];
  return crops.length > 0 ? crops.map((i) => absoluteUrl(i.url, site.url)) : [images.card.url];
}

/**
 * Google's image licence fields (developers.google.com/search/docs/appearance/structured-data/image-license-metadata)
 * from a photo's rights: creditText, creator (a Person), copyrightNotice, license and
 * acquireLicensePage, each only where the writer gave it. Empty when none is given.
 */
export function licenceFields(rights: PhotoRights, site: SiteSettings) {
  return {
    ...(rights.credit ? { creditText: rights.credit } : {}),
    ...(rights.creator ? { creator: { "@type": "Person" as const, name: rights.creator } } : {}),
    ...(rights.copyright ? { copyrightNotice: rights.copyright } : {}),
    ...(rights.license ? { license: absoluteUrl(rights.license, site.url) } : {}),
    ...(rights.acquireLicensePage ? { acquireLicensePage: absoluteUrl(rights.acquireLicensePage, site.url) } : {}),
  } satisfies Partial<ImageObject>;
}

function hasRights(rights: PhotoRights): boolean {
  return Boolean(rights.credit || rights.creator || rights.copyright || rights.license || rights.acquireLicensePage);
}

/**
 * One ImageObject per photo the page shows that has rights: the lead photo and each inline photo
 * with a credit (its title) or rights (front matter `photos:`). `contentUrl` is the file the page's <img> shows, which is
 * how Google Images ties the licence to the image it indexed ("add a separate ImageObject for
 * each image", in Google's guide above). NewsArticle.image stays the crops' URLs: they are not
 * images on the page, and the licence is the photo's, given here once.
 */
export function photoObjects(article: Article, site: SiteSettings): WithContext<ImageObject>[] {
  const out: WithContext<ImageObject>[] = [];
  const photo = (url: string, rights: PhotoRights): WithContext<ImageObject> => ({
    "@context": "https://schema.org",
    "@type": "ImageObject",
    contentUrl: absoluteUrl(url, site.url),
    ...licenceFields(rights, site),
  });
  if (article.image && hasRights(article.image)) out.push(photo(article.image.src, article.image));
  for (const inline of article.inlinePhotos ?? []) out.push(photo(inline.url, inline));
  return out;
}

export function breadcrumbs(article: Article, site: SiteSettings): WithContext<BreadcrumbList> {
  const items = [
    { name: site.name, path: "/" },
    { name: article.section.label, path: article.section.url },
    { name: headline(article.title), path: article.url },
  ];
  return {
    "@context": "https://schema.org",
    "@type": "BreadcrumbList",
    itemListElement: items.map((item, i) => ({ "@type": "ListItem", position: i + 1, name: item.name, item: absoluteUrl(item.path, site.url) })),
  };
}

export function homeData(site: SiteSettings, images: SiteImages): [WithContext<WebSite>, WithContext<Organization>] {
  const org = organization(site, images);
  return [
    {
      "@context": "https://schema.org",
      "@type": "WebSite",
      name: site.name,
      ...(site.description ? { description: site.description } : {}),
      url: absoluteUrl("/", site.url),
      inLanguage: site.language,
      publisher: { "@id": org["@id"] },
    },
    { "@context": "https://schema.org", ...org },
  ];
}

/**
 * JSON for a <script type="application/ld+json"> element: whatever a writer puts in a headline,
 * nothing in it can end the script (`</script>`), open a comment (`<!--`), or break older
 * JavaScript parsers (U+2028, U+2029). The escapes are still the same JSON to a parser.
 */
export function jsonForScript(data: unknown): string {
  return JSON.stringify(data)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}
