import { defineSite } from "./src/settings.ts";

// The sample site's settings. Every field is documented in src/settings.ts.
export default defineSite({
  name: "The Newsroom Sample",
  description: "News from India and the world: politics, business, science and sport, published from markdown in git by a sample newsroom.",
  url: "https://newsroom.example.org",
  language: "en-IN",
  timezone: "Asia/Kolkata",
  sections: {
    world: { label: "World", description: "International news and diplomacy." },
    india: { label: "India", description: "News from across the country." },
    business: { label: "Business", description: "Markets, companies and the economy." },
    science: { label: "Science", description: "Research, space and the environment." },
    sport: { label: "Sport", description: "Cricket, football and more." },
  },
  authors: {
    "Asha Menon": { role: "World affairs correspondent", bio: "A sample author profile for the Newsroom demo site." },
    "Rahul Iyer": { role: "Business editor", bio: "A sample author profile for the Newsroom demo site." },
    "Meera Das": { role: "Science writer", bio: "A sample author profile for the Newsroom demo site." },
    "Daniel Brooks": { role: "Sport reporter", bio: "A sample author profile for the Newsroom demo site." },
  },
  share: ["x", "facebook", "linkedin", "whatsapp", "telegram", "reddit", "bluesky", "email"],
  social: { x: "https://x.com/newsroom_sample", bluesky: "https://bsky.app/profile/newsroom.example.org" },
  // Square logo for search engines and the web manifest; the card social networks show for pages
  // without a lead photo (both sample images, made for this demo).
  logo: "/assets/logo.png",
  socialImage: { src: "/assets/social-card.png", alt: "The Newsroom Sample: news from git, a sample site built with Newsroom" },
  footerNote: "A sample news site built with Newsroom. Apart from the first article (a real report), all articles are sample text.",
  perPage: 10,
  // The sample's embargoed article is dated 2099 so that it stays hidden whenever the sample is
  // built; a real site keeps the default (365 days), which catches a year typed wrong.
  embargoLimitDays: 36_500,
  relatedCount: 3,
  // Raw HTML in articles stays text; quotes and dashes are typeset in each text's language
  // (`typography: false` prints them as writers type them; README, "Quotes, apostrophes and dashes").
  markdown: { allowHtml: false, typography: true },
  // Photos: every width and format made (see README, "Photos"). `requireCredit: true` makes a
  // photo without a credit an error in the build (for agencies' terms).
  // images: { widths: [480, 800, 1200, 1600], formats: ["avif", "webp"], requireCredit: true },
});
