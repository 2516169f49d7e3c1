/** A name kept in two languages (`name` is shown by default, `name_en` to English readers when
 * given): categories and other data the server keeps that way. */
export function localName(x: { name: string; name_en: string }, language: string): string {
  return language === "en" && x.name_en ? x.name_en : x.name;
}
