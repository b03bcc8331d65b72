import type { Article, SectionRef } from "../content/article.ts";
import type { SiteSettings } from "../settings.ts";

/** The home page: the newest article as the lead story, then the latest of each section. */
export interface HomePage {
  lead?: Article;
  sections: { section: SectionRef; articles: Article[] }[];
}

export function homePage(articles: Article[], site: SiteSettings, perSection = 4): HomePage {
  const [lead] = articles;
  const sections = Object.entries(site.sections).map(([key, s]) => ({
    section: { key, label: s.label, url: `/${key}/` },
    articles: [] as Article[],
  }));
  const byKey = new Map(sections.map((s) => [s.section.key, s]));
  for (const article of articles) {
    if (article === lead) continue;
    const group = byKey.get(article.section.key);
    if (group && group.articles.length < perSection) group.articles.push(article);
  }
  return { lead, sections: sections.filter((s) => s.articles.length > 0) };
}
