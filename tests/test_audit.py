"""make audit: a fact is matched to the sentence of its cited document that supports it; a fact its
documents do not support, or without a source, is reported as such."""
from pathlib import Path

import pytest

from scripts import audit

SHARED = Path(audit.ROOT).parent / "shared"
pytestmark = pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="documents sources absents (../shared)")


@pytest.fixture(scope="module")
def docs():
    return audit.Documents(SHARED)


def test_a_seed_fact_is_found_with_its_file_and_line(kb, docs):
    fact = audit.Fact("test", "En 2023, 496 séances de MRS ont eu lieu dans le secteur de l'industrie.", ("seed_001",))
    v = audit.judge(kb, docs, fact)
    assert v.status == "étayé" and v.sentence.where.startswith("seeds/001_1684f92593076db0.txt, ligne")


def test_a_web_source_is_checked_against_the_reference_entry_citing_it(kb, docs):
    fact = audit.Fact("test", "L'immersion dure 1 mois maximum.", ("ref_03",))
    v = audit.judge(kb, docs, fact)
    assert v.status == "étayé" and "reference/dispositifs.md" in v.sentence.where and "[3]" in v.sentence.where


def test_a_wrong_number_or_an_unrelated_document_is_not_supported(kb, docs):
    assert audit.judge(kb, docs, audit.Fact("t", "En 2023, 497 séances de MRS ont eu lieu dans l'industrie.", ("seed_001",))).status == "non étayé"
    assert audit.judge(kb, docs, audit.Fact("t", "Le soudeur assemble des pièces de métal au poste TIG.", ("seed_003",))).status == "non étayé"


def test_training_paths_are_listed_as_unsourced_and_epci_citations_as_supported(kb, docs):
    facts = audit.facts_of(kb)
    formations = [f for f in facts if f.where.endswith("· formations")]
    assert formations and all(audit.judge(kb, docs, f).status == "sans source" for f in formations[:20])
    epci = [f for f in facts if f.citation]
    assert epci and all(audit.judge(kb, docs, f).status == "étayé" for f in epci)


def test_the_report_lists_the_unsupported_facts(tmp_path, capsys):
    out = tmp_path / "audit.md"
    assert audit.main(["-n", "25", "--seed", "3", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "Bilan : étayé" in text and "Phrase    :" in text and "graine 3" in text
    if "NON ÉTAYÉ" in text or "SANS SOURCE" in text:
        assert "Faits à vérifier" in text


def test_the_source_shown_with_a_scheme_states_what_is_shown(kb, docs):
    from actions.kb.sources import shown_ids
    for d in kb.dispositifs.values():
        for name in ("resume", "pour_qui", "duree", "remuneration", "demarrer"):
            shown = shown_ids(kb, d.field_sources(name))
            if shown:
                text = audit.split_sentences(" ".join(getattr(d, name).split()))[0]
                assert audit.judge(kb, docs, audit.Fact("t", text, (shown[0],))).status == "étayé", (d.id, name, shown[0])


FAQ_SHOWN_SOURCE_UNMATCHED_MAX = 41   # 69 before the source lists were reordered, 46 before issue 13; paraphrases remain (make audit)


def test_the_source_shown_after_a_faq_answer_states_part_of_it(kb, docs):
    from actions.kb.sources import shown_ids
    unmatched = []
    for f in kb.faq.values():
        shown = shown_ids(kb, f.source, official_first=False)
        if not shown:
            continue
        sentences = [s for s in audit.split_sentences(f.reponse) if not (audit.ADVICE.search(s) or audit.META.search(s) or audit.BARE.match(s))]
        if not any(audit.judge(kb, docs, audit.Fact("t", s, (shown[0],))).status == "étayé" for s in sentences):
            unmatched.append(f.id)
    assert len(unmatched) <= FAQ_SHOWN_SOURCE_UNMATCHED_MAX, unmatched


def test_an_iso_date_is_found_on_the_line_that_prints_it_in_words(kb, docs):
    # the seed prints « Bercy fait son industrie » then « 22 novembre 2024 » on the next line; a longer
    # sentence naming Bercy and Paris without the date must not hide it
    fact = audit.Fact("t", "« Bercy fait son industrie » — Paris — 2024-11-22", ("seed_003",))
    v = audit.judge(kb, docs, fact)
    assert v.status == "étayé" and "22 novembre" in v.sentence.text
    wrong_day = audit.Fact("t", "« Bercy fait son industrie » — Paris — 2024-11-23", ("seed_003",))
    assert audit.judge(kb, docs, wrong_day).status == "non étayé"


def test_an_ordinal_in_figures_is_the_ordinal_in_words(kb, docs):
    assert audit.numbers("la première édition, le 4e jour") == {"1e", "4e"}
    assert audit.numbers("Première session") == audit.numbers("1re session") == audit.numbers("1^{er} jour") == {"1e"}
    assert audit.numbers("en classe de 3<sup>ème</sup>") == {"3e"}
    assert audit.numbers("trois éditions") != audit.numbers("3e édition")    # a cardinal is not an ordinal
    fact = audit.Fact("t", "Les Coulisses de l'industrie (1re édition) : 1 500 visiteurs dont 500 scolaires", ("seed_001",))
    assert audit.judge(kb, docs, fact).status == "étayé"
    second = audit.Fact("t", "Les Coulisses de l'industrie (2e édition) : 1 500 visiteurs dont 500 scolaires", ("seed_001",))
    assert audit.judge(kb, docs, second).status == "non étayé"


@pytest.mark.parametrize("words, figures", [
    ("au moins trois heures", {"3"}), ("deux cent soixante-dix heures sur douze mois", {"270", "12"}),
    ("trente-cinq heures", {"35"}), ("soixante-dix-huit", {"78"}), ("quatre-vingt-dix-neuf", {"99"}),
    ("vingt et un", {"21"}), ("mille deux cents", {"1200"}), ("un million de départs", {"1"}),
    ("le 3x8, les trois-huit", {"3", "8"}),     # two numbers, not 11
    ("un métier neuf", set()),                  # an article, an adjective: no number
    ("fin 2023⁶⁵ (contre 16,9 %⁶⁶)", {"2023", "16,9"}),   # footnote calls are no figures
    ("4,4 millions de tonnes de CO² par an", {"4,4", "2"}),
])
def test_a_cardinal_in_words_is_the_number_in_figures(words, figures):
    assert audit.numbers(words) == figures


def test_a_date_in_figures_is_the_date_in_words(kb, docs):
    assert audit.numbers("01/10/2025") == audit.numbers("1er octobre 2025") == {"1", "octobre", "2025"}
    assert "octobr" in audit.stems("version à jour au 01/10/2025")
    ok = audit.Fact("t", "Pour travailler au voisinage de pièces nues sous tension, il faut une attestation de "
                         "non-contre-indication médicale (texte à jour au 1er octobre 2025).", ("faq_24",))
    assert audit.judge(kb, docs, ok).status == "étayé"
    wrong = audit.Fact("t", "Pour travailler au voisinage de pièces nues sous tension, il faut une attestation de "
                            "non-contre-indication médicale (texte à jour au 1er novembre 2025).", ("faq_24",))
    assert audit.judge(kb, docs, wrong).status == "non étayé"


def test_a_number_in_words_must_still_be_the_right_number(kb, docs):
    night = "Sans accord, le minimum est de {} heures de nuit sur une période de référence de douze mois consécutifs."
    assert audit.judge(kb, docs, audit.Fact("t", night.format("270"), ("faq_02",))).status == "étayé"
    assert audit.judge(kb, docs, audit.Fact("t", night.format("280"), ("faq_02",))).status == "non étayé"
    # "double tutorat" is no figure: "deux tuteurs" is not found in it
    geiq = audit.Fact("t", "Un GEIQ embauche et met à disposition de ses adhérents, en contrat de professionnalisation, "
                           "avec deux tuteurs.", ("ref_23",))
    assert audit.judge(kb, docs, geiq).status == "non étayé"


def test_advice_and_bare_answers_are_no_facts_but_an_answer_with_its_fact_is(kb):
    texts = [f.text for f in audit.facts_of(kb)]
    assert "Oui." not in texts and "Pas forcément." not in texts
    assert not any(t.startswith("Vérifiez ") for t in texts)
    assert not any(t.startswith("Je n'ai donc pas") or t.startswith("Je n'ai ni") for t in texts)
    assert any(t.startswith("Oui, ") for t in texts)      # "Oui, elle se pratique dans l'industrie : …" is a fact
    for bare in ("Oui.", "Souvent, oui.", "Bien sûr.", "Les deux."):
        assert audit.BARE.match(bare)
    assert not audit.BARE.match("Oui, la semaine de quatre jours existe.")


def test_a_press_kit_sentence_runs_over_its_next_two_lines_with_text(kb, docs):
    # the documents put a blank line between most lines: the window is the next two lines with text
    # (seed_001 lines 515, 517, 519)
    fact = "L'intercommunalité comptait 108 611 habitants en {} ; président du TI : Frédéric Soulier, maire de Brive."
    assert audit.judge(kb, docs, audit.Fact("t", fact.format(2022), ("seed_001",))).status == "étayé"
    assert audit.judge(kb, docs, audit.Fact("t", fact.format(2024), ("seed_001",))).status == "non étayé"


def test_a_tab_separates_two_figures_of_a_table(kb, docs):
    assert audit.numbers("DPAE durables\t608 000\t580 521\t600 000") == {"608000", "580521", "600000"}
    assert audit.numbers("2 805 329 salariés") == {"2805329"}


@pytest.mark.parametrize("sentence", [
    "Si la chaleur vous inquiète, parlez-en au médecin du travail.",          # a clause saying when, then an instruction
    "Pour votre cas, interrogez votre conseiller France Travail.",
    "Si le vôtre est ancien, renseignez-vous auprès d'un organisme testeur certifié.",
    "Notez les faits et les dates.",
    "Vous n'avez pas à subir cela.",
])
def test_an_instruction_after_a_when_or_why_clause_is_no_fact(sentence):
    assert audit.ADVICE.search(sentence)


@pytest.mark.parametrize("sentence", [
    "Donnez-moi votre commune : je vous dirai si je connais des actions près de chez vous.",
    "La mobilité compte : dites-moi si vous n'avez pas de permis.",
    "Certains métiers exposent à des poussières, d'autres non : je vous le signale dans la réalité de chaque métier.",
])
def test_the_bot_asking_for_what_it_needs_or_pointing_to_its_cards_is_no_fact(sentence):
    assert audit.META.search(sentence)


def test_an_instruction_that_states_a_figure_or_a_rule_is_still_a_fact():
    # the clause then the instruction states who may call whom, with ages: checked against the sources
    assert not audit.ADVICE.search("Pour parler à une personne, contactez la Mission locale si vous avez de 16 à 25 ans.")
    assert not audit.ADVICE.search("Si vous travaillez de nuit, le médecin du travail informe particulièrement les femmes enceintes.")
    assert not audit.META.search("Le Pays Compiégnois regroupe l'agglomération de Compiègne et deux communautés de communes.")
    assert audit.BARE.match("Pas du tout.") and not audit.BARE.match("Pas du tout : la POEC dure 400 heures au plus.")


# --- support spread over neighbouring sentences of one document (/tmp/h/misses.md, reviewers 2026-12-04) ---

@pytest.mark.parametrize("text, sources, where", [
    # a sentence the press kit cuts over four short lines (seed_003 lines 664-670)
    ("Le Baromètre industriel de l'État faisait état de 176 et 189 ouvertures nettes d'usines en 2022 et 2023.",
     ("seed_003",), "seeds/003_4eba4a8da2088486.txt, lignes 664-670"),
    # two neighbouring paragraphs (seed_001 lines 569, 571)
    ("En 2023, l'industrie y représentait 18 % des emplois, avec de grands groupes (Poclain, Chanel, Sanofi…) et "
     "de nombreuses PME.", ("seed_001",), "seeds/001_1684f92593076db0.txt, lignes 569-571"),
    # a table row and the years heading its columns (seed_000 line 170, header lines 149-153)
    ("En 2025, 985 entreprises industrielles y étaient inscrites.", ("seed_000",), "seeds/000_47e2fdf1e8b9734a.txt, lignes 149-170"),
    # two lines of one section of the reference, each citing one of the fact's pages (dispositifs.md 85 [35], 86 [28])
    ("Le salaire était maintenu jusqu'à 2 SMIC (90 % au-delà) ; ce n'est plus possible depuis le 1er janvier 2026.",
     ("ref_34", "ref_35", "ref_28", "ref_29"), "reference/dispositifs.md, lignes 85-86"),
    ("En CDD, il faut 24 mois de travail salarié sur les 5 dernières années, dont 4 mois en CDD dans les 12 derniers mois.",
     ("faq_28", "faq_26"), "reference/faq-facts.md, lignes 42-43"),
    # three lines, the middle one saying something else (faq-facts.md 28-30)
    ("Il existe 8 recommandations, une par famille d'engins ; pour les chariots, c'est la R489.", ("faq_20", "faq_22"),
     "reference/faq-facts.md, lignes 28-30"),
    ("L'apprentissage, avec un CFA, dure de 6 mois à 3 ans et s'adresse surtout aux 16-29 ans.", ("ref_16", "ref_17"),
     "reference/dispositifs.md, lignes 58-60"),
    ("Tout salarié peut en bénéficier, sans ancienneté : 150 à 450 h de formation financées par l'OPCO, dans votre "
     "entreprise (salaire maintenu) ou vers une autre (CDD de reconversion d'au moins 6 mois).",
     ("ref_28", "ref_30", "ref_31"), "reference/dispositifs.md, lignes 79-81"),
])
def test_a_fact_summing_up_neighbouring_sentences_is_supported_by_their_window(kb, docs, text, sources, where):
    v = audit.judge(kb, docs, audit.Fact("t", text, sources))
    assert v.status == "étayé" and v.sentence.where.startswith(where), (v.status, v.sentence and v.sentence.where)
    assert v.shared >= audit.SUPPORTED_MIN and not v.missing


@pytest.mark.parametrize("text, sources", [
    # a figure of the fact in no sentence of the window
    ("Le Baromètre industriel de l'État faisait état de 176 et 190 ouvertures nettes d'usines en 2022 et 2023.", ("seed_003",)),
    ("Le salaire était maintenu jusqu'à 3 SMIC (90 % au-delà) ; ce n'est plus possible depuis le 1er janvier 2026.",
     ("ref_34", "ref_35", "ref_28", "ref_29")),
    ("Il existe 9 recommandations, une par famille d'engins ; pour les chariots, c'est la R489.", ("faq_20", "faq_22")),
    # a year heads a column whose cell is empty: 985 is the figure of 2025, not of 2026
    ("En 2026, 985 entreprises industrielles y étaient inscrites.", ("seed_000",)),
    # the same lines, but the fact cites one page only: the other line cites another page
    ("Le salaire était maintenu jusqu'à 2 SMIC (90 % au-delà) ; ce n'est plus possible depuis le 1er janvier 2026.", ("ref_35",)),
    # 34 944 is not « près de 35 000 » written as 35 000 (seed_000 line 368)
    ("Le Parcours Industrie a accueilli 35 000 jeunes en 2025.", ("seed_000",)),
])
def test_a_window_missing_a_figure_or_citing_another_page_does_not_support(kb, docs, text, sources):
    assert audit.judge(kb, docs, audit.Fact("t", text, sources)).status == "non étayé"


def test_a_year_in_a_column_header_is_read_with_its_cell_only():
    lines = list(enumerate(["2024", "", "2025", "", "2026", "", "## X", "", "Entreprises inscrites\t1309\t985\t"], start=1))
    (row,) = audit._table_rows(lines)
    assert (row.first, row.last) == (1, 9)
    assert audit.numbers(row.text) == {"2024", "1309", "2025", "985"}


def test_facts_cited_against_a_seed_they_do_not_come_from_stay_unsupported(kb, docs):
    """Every supported fact, cited instead to a seed it does not cite: nearly none may be supported. The
    single-sentence matcher already accepts about 5 % of such pairs (short facts of common words: « X : métier
    en tension, difficile à recruter », « Tout public. »); windows must add almost nothing to it."""
    seeds = ("seed_000", "seed_001", "seed_003")
    supported = [f for f in audit.facts_of(kb) if not f.citation and audit.judge(kb, docs, f).status == "étayé"]
    pairs = hits = by_window = with_figure = figure_hits = 0
    for f in supported:
        for sid in seeds:
            if sid in f.sources:
                continue
            pairs += 1
            v = audit.judge(kb, docs, audit.Fact("t", f.text, (sid,)))
            figure = bool(audit.numbers(f.text))
            with_figure += figure
            if v.status == "étayé":
                hits += 1
                figure_hits += figure
                by_window += len(v.sentence.parts) >= 2
    assert pairs > 1000
    assert hits / pairs <= 0.06, (hits, pairs)
    assert by_window / pairs <= 0.015, (by_window, pairs)
    assert figure_hits / with_figure <= 0.01, (figure_hits, with_figure)
