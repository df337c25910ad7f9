"""Names, roles, titles and speakers of a quoted passage: who the sentence says it is about, and who said it.

A name of the sentence must be in the cited passage's neighbourhood or, for the article's own
subject, anywhere in the cited source; a speaker in the cited sentence itself; a title's country
must agree ("Ukrainian Defence Minister Shoigu" where the source says Russian).
"""

from __future__ import annotations

from briefer.lexicon import names
from briefer.lexicon import tables as lexicon
from briefer.models import VerdictLabel
from briefer.verify.findings import Finding
from briefer.verify.profile import Profile


def _named_short(key: str, ctx: Profile, whole: Profile) -> bool:
    """An entity the passage names by its short name alone ("Kim's trip" for Kim Jong Un), where the
    source names it in full elsewhere: a news story's later mentions are the surname."""
    return key in whole.entities and key in names.entity_words({key}) and bool({key, f"{key}'s"} & ctx.vocab)


def check_names(
    sentence: str,
    s: Profile,
    ctx: Profile,
    cross_lingual: bool,
    *,
    capitals_are_names: bool = True,
    whole: Profile | None = None,
) -> list[Finding]:
    whole = whole or ctx
    absent = sorted(
        e
        for e in (s.entities - ctx.entities if s.entities else ())  # the context's names only when needed
        if not (cross_lingual and names.entity_in_compound(e, ctx.vocab))
        and not names.organisation_only(e, sentence, "de" if not capitals_are_names else "en")
        and not _named_short(e, ctx, whole)
    )
    missing = [_ENTITY_LABEL.get(e, e.replace("_", " ").title()) for e in absent]
    for name, initial in s.names if capitals_are_names else ():
        token = names.fold(name).removesuffix("'s")
        if token not in s.vocab:
            continue  # part of a known entity, checked above
        spelled = names.fold(lexicon.SPELLING.get(token, token))
        # Who said it must be in the cited passage's neighbourhood; any other name may be anywhere in it.
        where = ctx if token in s.speakers else whole
        if names.name_matches(token, where.vocab, where.prefixes) or names.name_matches(
            spelled, where.vocab, where.prefixes
        ):
            continue
        if initial and name.lower() not in names.ROLE_WORDS and (cross_lingual or concept_found(name.lower(), ctx)):
            continue  # an opening word: a name only when nothing like it is in the evidence
        if _role_matches(name.lower(), ctx, cross_lingual):
            continue
        if cross_lingual and len(token) >= 5 and any(token[:5] in t for t in ctx.vocab):
            continue  # inside a German compound: "Pazifik" in "Pazifikküste"
        missing.append(name)
    for word in s.content:  # roles written in lower case ("the foreign minister")
        if word in names.ROLE_WORDS or lexicon.SPELLING.get(word) in names.ROLE_WORDS:
            if not _role_matches(word, ctx, cross_lingual):
                missing.append(word)
    if not missing:
        return []
    unique = list({m.lower(): m for m in reversed(missing)}.values())[::-1]
    return [Finding(VerdictLabel.UNSUPPORTED, 0.2, f"name or role not in the evidence: {', '.join(unique)}", "name")]


_ENTITY_LABEL = {"us": "US", "un": "UN", "nsc": "National Security Council", "nyt": "New York Times"}


def _role_matches(word: str, ctx: Profile, cross_lingual: bool) -> bool:
    role = lexicon.SPELLING.get(word, word)
    if role not in names.ROLE_WORDS:
        return False
    alike = {role, names.ROLE_SYNONYMS.get(role, role)}
    alike |= {r for r, same in names.ROLE_SYNONYMS.items() if same in alike}
    if any(names.fold(a) in ctx.vocab for a in alike):
        return True
    if cross_lingual:
        stems = {st for a in alike for st in names.ROLE_WORDS[a]}
        return any(st in token for token in ctx.vocab for st in stems)
    return False


def check_affiliations(s: Profile, ctx: Profile) -> list[Finding]:
    """A title's country must agree: "Ukrainian Defence Minister Shoigu" where the source says Russian."""
    wrong = []
    for person, countries in s.affiliations.items():
        theirs = ctx.affiliations.get(person)
        if theirs and not countries & theirs:
            wrong.append(
                f"{person.removeprefix('ent_').title()}: {'/'.join(sorted(countries))} in the sentence, "
                f"{'/'.join(sorted(theirs))} in the source"
            )
    if not wrong:
        return []
    return [Finding(VerdictLabel.UNSUPPORTED, 0.2, f"role: the title's country differs ({'; '.join(wrong)})")]


def check_speakers(s: Profile, own: Profile) -> list[Finding]:
    """Whoever the sentence says said it must be named in the cited sentence when that one names a speaker
    (a neighbouring sentence's speaker said something else)."""
    if not (s.speakers and own.speakers):
        return []
    # A title in front of the name ("Interior Minister Ali Yerlikaya") is compared by the roles rule,
    # which knows it inside a German compound ("Innenminister"); here only the name must agree.
    missing = [
        t
        for t in s.speakers
        if not names.name_matches(t, own.vocab, own.prefixes)
        and t not in names.ROLE_WORDS
        and lexicon.SPELLING.get(t) not in names.ROLE_WORDS
    ]
    # "Elena Ruiz said" where the cited sentence says "Ruiz said": a news story names the speaker in full
    # once, then by surname. The speaker agrees when the surname (the name's last word) does; whether
    # the first name is in the source is the names rule's question.
    surnames = {full: t for t, full in s.speakers.items()}  # the last token of each name, in text order
    missing = [t for t in missing if surnames[s.speakers[t]] in missing]
    if not missing:
        return []
    theirs = ", ".join(dict.fromkeys(own.speakers.values()))
    ours = ", ".join(dict.fromkeys(s.speakers[t] for t in missing))
    return [
        Finding(VerdictLabel.UNSUPPORTED, 0.2, f"attribution: the cited sentence is attributed to {theirs}, not {ours}")
    ]


def concept_found(word: str, ctx: Profile) -> bool:
    c = lexicon.concept(word)
    if c in ctx.concepts or names.fold(word) in ctx.vocab:
        return True
    return len(c) >= 5 and c[:5] in ctx.concept_prefixes
