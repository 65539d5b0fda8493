"""The article model: blocks, headline, sentences and quotes, with exact offsets."""

from __future__ import annotations

from pathlib import Path

from newsedit import article

SAMPLE_SENTENCES = [
    "Lavrov praises stronger relations after visiting North Korea",
    'North Korean leader Kim Jong Un has Moscow\'s "complete support," according to Russian '
    "Foreign Minister Sergei Lavrov.",
    "While in North Korea on business, Mr. Lavrov expressed gratitude for the nation's assistance to Ukraine.",
    "His current journey paves the way for President Vladimir Putin's potential tour to the nation.",
    "The US said last week that North Korea has started delivering sizable shipments of weapons to "
    "Russia for use in Ukraine.",
    "Following Mr. Kim's two-day journey to Russia in September—his first travel outside of the country "
    'since the pandemic—where he met with Mr. Putin to explore "possibilities" for military cooperation, '
    "comes Mr. Lavrov's two-day trip.",
    "Kim Jong Un extends his trip to Russia by a number of days.",
    "Kim Jong Un displays missiles to Shoigu of Russia",
    "The Hwasong intercity ballistic missile was among the newest weaponry shown to the Russian defense "
    "minister, who was in North Korea earlier in July.",
    'Announcing Moscow\'s "complete support" for Mr. Kim at a formal ceremony on Wednesday, Mr. Lavrov '
    'also said that the US and its allies had started a "war against the Russian federation."',
    "Without going into further detail, he said that he was there to talk about carrying out the "
    "agreements reached when Mr. Putin and Mr. Kim met last month.",
    "It is unknown whether Mr. Lavrov will have a meeting with Mr. Kim during this visit, as he did on "
    "his last trip to Pyongyang in 2018.",
    "However, Washington has issued a warning that any assistance from the North would contravene UN "
    "resolutions, claiming that Moscow was purchasing weaponry from Pyongyang for its conflict against Ukraine.",
    "The transfer of ammunition and weaponry, according to US intelligence and data disclosed on Friday, "
    "had already begun.",
    "In early September, 300 containers were delivered from the North Korean port of Nanjin to Dunay on "
    "the east coast of Russia, and then they were moved to a military storage facility close to "
    "Tikhoretsk, not far from the Ukrainian border, according to satellite pictures.",
    "Due to their interoperability with Russian military systems, analysts have informed the BBC that "
    "Moscow might be interested in North Korean armaments.",
    "Due of its ongoing war with the South, North Korea possesses a sizable arsenal.",
    "Technically, the two nations are still at war.",
    "North Korea's economy is in a terrible position and lacks basic necessities like food and medication "
    "as a result of international sanctions and internal restrictions, which have just lately started to ease.",
    "According to some observers, Mr. Kim would have requested relief for the plight of the homeless "
    "during the suspected weapons deal with Russia in September.",
    "Nevertheless, experts believe that given their relative paucity of resources, Pyongyang may be "
    "hesitant to send away too much ammo.",
    "Both North Korea and Russia have promised to strengthen relations during the last six months as "
    "both nations have grown further apart from the rest of the world.",
    "No comments:",
]


def _sample(sample_path: Path) -> article.Article:
    return article.parse(sample_path.read_text("utf-8"), str(sample_path))


def test_sample_sentences(sample_path: Path) -> None:
    parsed = _sample(sample_path)
    assert [s.slice(parsed.text) for s in parsed.sentences] == SAMPLE_SENTENCES


def test_sample_label_headline_and_repeat(sample_path: Path) -> None:
    parsed = _sample(sample_path)
    kinds = [(b.kind, parsed.lines.position(b.start).line) for b in parsed.blocks[:3]]
    assert kinds == [("label", 1), ("headline", 3), ("paragraph", 5)]
    repeat = parsed.blocks[2]
    # The repeated headline starts behind a non-breaking space: column 2, not 1.
    assert parsed.lines.position(repeat.start).column == 2
    assert parsed.text[repeat.start - 1] == "\u00a0"


def test_sample_quotes_are_found(sample_path: Path) -> None:
    parsed = _sample(sample_path)
    assert [q.slice(parsed.text) for q in parsed.quotes] == [
        '"complete support,"',
        '"possibilities"',
        '"complete support"',
        '"war against the Russian federation."',
    ]
    first = parsed.quotes[0]
    assert parsed.in_quote(first.start + 1, first.end - 1)


def test_a_quotation_left_open_runs_to_its_paragraphs_end_when_the_next_paragraph_opens_again() -> None:
    text = (
        "Headline here\n\nMr Blair said: \"I've dealt with this six months ago. I said so.\n\n"
        '"What matters are the issues." The book is out.\n\nHe measured 5" of rain. It fell.\n'
    )
    parsed = article.parse(text)
    assert parsed.in_quote(text.index("dealt"), text.index("dealt") + 5)
    assert not parsed.in_quote(text.index("book"), text.index("book") + 4)
    assert not parsed.in_quote(text.index("fell"), text.index("fell") + 4)  # no paragraph opens after it


def _split(text: str) -> list[str]:
    parsed = article.parse("Headline here\n\n" + text)
    return [s.slice(parsed.text) for s in parsed.sentences]


def test_no_split_after_titles_initials_and_initialisms() -> None:
    assert _split("Mr. Lavrov met Dr. Kim in the U.S. capital. He left.") == [
        "Mr. Lavrov met Dr. Kim in the U.S. capital.",
        "He left.",
    ]
    assert _split("Author J. K. Rowling spoke. She left.") == ["Author J. K. Rowling spoke.", "She left."]


def test_no_split_inside_quotes() -> None:
    assert _split('He said: "We will win. We always do." Then he left.') == [
        'He said: "We will win. We always do."',
        "Then he left.",
    ]
    assert _split("“I came. I saw.” That was all.") == ["“I came. I saw.”", "That was all."]


def test_split_after_an_initialism_that_ends_a_sentence() -> None:
    assert _split("He works in the U.S. The firm is big.") == ["He works in the U.S.", "The firm is big."]


def test_crlf_article_offsets() -> None:
    text = "Flood warning\r\n\r\nRain fell.\r\n\r\nRoads closed. Mr. Evans said so.\r\n"
    parsed = article.parse(text)
    assert parsed.headline is not None and parsed.headline.slice(text) == "Flood warning"
    last = parsed.sentences[-1]
    assert last.slice(text) == "Mr. Evans said so."
    assert parsed.lines.position(last.start).line == 5


def test_markdown_front_matter_code_and_comments_are_not_prose(tmp_path: Path) -> None:
    text = (
        "---\nlayout: post\n---\n\n# Library opens late\n\n*Later hours from Monday.*\n\n"
        "The library opens late.\n\n```\ncode teh here\n```\n\n<!-- a note -->\n\nStaff are happy.\n"
    )
    parsed = article.parse(text, markdown=True)
    assert parsed.headline is not None and parsed.headline.slice(text) == "Library opens late"
    assert parsed.standfirst is not None and parsed.standfirst.slice(text) == "*Later hours from Monday.*"
    assert [p.slice(text) for p in parsed.paragraphs] == ["The library opens late.", "Staff are happy."]


def test_article_without_headline_is_all_paragraphs() -> None:
    parsed = article.parse("The council met. It voted.\n\nThen it adjourned.")
    assert parsed.headline is None
    assert len(parsed.paragraphs) == 2


def test_finding_derives_position_and_text(sample_path: Path) -> None:
    parsed = _sample(sample_path)
    start = parsed.text.index("Due of")
    finding = parsed.finding(start, start + 6, "grammar/test", "message", severity="error")
    assert (finding.line, finding.column, finding.end_line, finding.end_column) == (53, 1, 53, 7)
    assert finding.text == "Due of"
    assert finding.check == "grammar"


def test_an_article_pickles_while_another_thread_caches_its_parts() -> None:
    """A batch pickles its articles for the worker processes while the grammar thread may cache an
    article's sentences: the pickle takes the fields alone, and a part cached meanwhile changes nothing."""
    import pickle

    parsed = article.parse("Minister resigns\n\nThe minister resigned. She left.\n", "a.txt")

    class CachesMidway:
        """Caches a part of the article while the pickler is at it, as the other thread can."""

        def __reduce__(self) -> tuple[type[str], tuple[str]]:
            parsed.quotes, parsed.sentences  # noqa: B018 (each caches itself in the article's dict)
            return (str, ("notice",))

    parsed.notices.append(CachesMidway())  # type: ignore[arg-type]
    copy = pickle.loads(pickle.dumps(parsed))
    assert copy.notices == ["notice"]
    assert "sentences" not in vars(copy)
    assert [s.slice(copy.text) for s in copy.sentences] == ["The minister resigned.", "She left."]
