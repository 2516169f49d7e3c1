"""Tenant slugs suggested from a company name: Chinese in pinyin, two syllables to a word (most
Chinese words are two characters: 杭州鲜果连锁 → hangzhou-xianguo-liansuo), other letters and
digits as they are, trimmed to the slug rules (3–40 lowercase letters, digits, single hyphens)."""

from __future__ import annotations

import re
import unicodedata

from pypinyin import lazy_pinyin
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tenants.db import platform_session
from tenants.errors import FieldError, Invalid
from tenants.models import Tenant
from tenants.registry import slug_problem
from tenants.schemas import SlugCheck

MAX_LENGTH = 40
FALLBACK = "shop"
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def _words(name: str) -> list[str]:
    words: list[str] = []
    position = 0
    for run in _CJK.finditer(name):
        words += _latin_words(name[position : run.start()])
        syllables = [s.lower() for s in lazy_pinyin(run.group(), errors="ignore")]
        words += ["".join(syllables[i : i + 2]) for i in range(0, len(syllables), 2)]
        position = run.end()
    return words + _latin_words(name[position:])


def _latin_words(text: str) -> list[str]:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.findall(r"[a-z0-9]+", plain)


def suggest_slug(name: str) -> str:
    """A slug the rules accept (it may still be taken or reserved: see `available_slug`)."""
    slug = ""
    for word in _words(name):
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > MAX_LENGTH:
            if not slug:
                slug = word[:MAX_LENGTH]
            break
        slug = candidate
    if len(slug) < 3:
        slug = f"{slug}-{FALLBACK}" if slug else FALLBACK
    return slug


async def slug_taken(session: AsyncSession, slug: str) -> bool:
    return (await session.execute(select(Tenant.id).where(Tenant.slug == slug))).first() is not None


async def available_slug(session: AsyncSession, name: str) -> str:
    """The suggestion, or the first of suggestion-2, -3, … that is neither reserved nor taken."""
    base = suggest_slug(name)
    for n in range(1, 100):
        suffix = "" if n == 1 else f"-{n}"
        slug = f"{base[: MAX_LENGTH - len(suffix)].rstrip('-')}{suffix}"
        if slug_problem(slug) is None and not await slug_taken(session, slug):
            return slug
    return base  # a hundred taken variants: the user picks one, the check below says if it is free


async def check_slug(
    sessions: async_sessionmaker[AsyncSession], *, tenant_name: str | None, tenant_slug: str | None
) -> SlugCheck:
    """Exactly one of the two: a name gets an available suggestion; a slug is checked as typed."""
    if (tenant_name is None) == (tenant_slug is None):
        raise Invalid([FieldError("tenant_name", "give either tenant_name or tenant_slug")])
    async with platform_session(sessions) as session:
        if tenant_name is not None:
            if not tenant_name.strip():
                raise Invalid([FieldError("tenant_name", "must not be blank")])
            slug = await available_slug(session, tenant_name)
        else:
            slug = tenant_slug or ""
        problem = slug_problem(slug)
        if problem is None and await slug_taken(session, slug):
            problem = "is already taken"
    return SlugCheck(slug=slug, available=problem is None, problem=problem)
