/** Public links to knowledge-base articles, shared by the article picker and the KB pages. */

export interface ArticleRef {
  title_zh: string;
  title_en: string;
  public_ref: string;
}

/** The public page of an article: `{origin}/help/{tenant}/{slug or number}`. */
export function articleUrl(origin: string, tenantSlug: string, article: ArticleRef): string {
  return `${origin}/help/${encodeURIComponent(tenantSlug)}/${encodeURIComponent(article.public_ref)}`;
}

/** The title in the reader's language, falling back to the other one. */
export function articleTitle(article: ArticleRef, language: string): string {
  return (
    (language === "en" ? article.title_en || article.title_zh : article.title_zh || article.title_en) || "—"
  );
}

/** A Markdown link to the article, for pasting into a reply or another article. */
export function markdownLink(link: { title: string; url: string }): string {
  const title = link.title.replace(/[[\]]/g, "");
  return `[${title}](${link.url})`;
}
