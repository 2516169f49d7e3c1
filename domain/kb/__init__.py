"""Knowledge base: articles in zh-CN and/or en, drafts, publishing, search and a public view."""
