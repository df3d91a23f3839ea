"""scripts/stories_report.py on outputs of `rasa test core` (the text below is what Rasa's YAMLStoryWriter
writes for wrongly classified messages and wrongly predicted actions: marks are YAML comments)."""
import json

from scripts import stories_report

FAILED = """version: "3.1"
stories:
- story: 'jeune : demande tout de suite (/x/tests/stories/jeune.yml)'
  steps:
  - intent: greet
  - action: action_profil
  - intent: ask_trade_ideas  # predicted: inform: trouve moi u[n méti]{"entity": "metier", "value": "x"}er
  - action: action_suggest_metiers  # predicted: action_profil
  - intent: inform  # predicted: inform: j'ai [18](age) ans
  - action: action_profil
- story: femme : stéréotype (/x/tests/stories/femme.yml)
  steps:
  - intent: women_in_industry
  - action: action_femmes_industrie
  - intent: affirm
  - action: action_profil  # predicted: action_default_fallback
"""

STORIES = """version: "3.1"
stories:
- story: "jeune : demande tout de suite"
  steps:
  - user: |
      slt
    intent: greet
  - action: action_profil
  - user: |
      trouve moi un métier
    intent: ask_trade_ideas
  - action: action_suggest_metiers
- story: "femme : stéréotype"
  steps:
  - user: |
      l'usine c'est pas un truc de mecs ?
    intent: women_in_industry
  - action: action_femmes_industrie
  - user: |
      oui
    intent: affirm
  - action: action_profil
"""


def rasa_out(tmp_path, failed_text, correct, total):
    out = tmp_path / "stories_out"
    out.mkdir()
    (out / "failed_test_stories.yml").write_text(failed_text, encoding="utf-8")
    report = {"action_profil": {"precision": 1.0}, "accuracy": 0.9,
              "conversation_accuracy": {"accuracy": correct / total, "correct": correct, "with_warnings": 0, "total": total}}
    (out / "story_report.json").write_text(json.dumps(report))
    stories = tmp_path / "stories"
    stories.mkdir()
    (stories / "s.yml").write_text(STORIES, encoding="utf-8")
    return out, stories


def test_parse_finds_the_first_divergence_of_each_story():
    failed = stories_report.parse_failed_stories(FAILED)
    assert [s.name for s in failed] == ["jeune : demande tout de suite", "femme : stéréotype"]
    first = failed[0].first
    assert (first.turn, first.kind, first.expected, first.predicted) == (2, "intent", "ask_trade_ideas", "inform")
    assert first.message == "trouve moi un métier"                    # entity marks removed
    assert [(m.turn, m.kind) for m in failed[0].mismatches] == [(2, "intent"), (2, "action"), (3, "intent")]
    assert failed[0].mismatches[2].describe().startswith("entités différentes")    # same intent, other entities
    femme = failed[1].first
    assert (femme.turn, femme.kind, femme.expected, femme.predicted) == (2, "action", "action_profil", "action_default_fallback")
    assert femme.message == ""                                          # an action mark carries no text


def test_report_table_has_turn_message_expected_and_predicted(tmp_path):
    out, stories = rasa_out(tmp_path, FAILED, correct=1, total=3)
    md = tmp_path / "stories.md"
    assert stories_report.main([str(out), "--stories", str(stories), "--out", str(md)]) == 1
    text = md.read_text(encoding="utf-8")
    assert "histoires correctes : 1/3 ; en échec : 2" in text
    assert ("| jeune : demande tout de suite | 2 | trouve moi un métier | intent `ask_trade_ideas` | `inform` |") in text
    # the message of an action mismatch comes from the test story itself
    assert "| femme : stéréotype | 2 | oui | action `action_profil` | `action_default_fallback` |" in text
    assert "écart suivant, tour 2" in text and "action action_suggest_metiers attendue, action_profil prédite" in text


def test_no_failure_passes(tmp_path):
    out, stories = rasa_out(tmp_path, "# None of the test stories failed - all good!", correct=3, total=3)
    md = tmp_path / "stories.md"
    assert stories_report.main([str(out), "--stories", str(stories), "--out", str(md)]) == 0
    assert "Aucune histoire en échec" in md.read_text(encoding="utf-8") and "3/3" in md.read_text(encoding="utf-8")


def test_missing_or_unreadable_output_fails(tmp_path):
    assert stories_report.main([str(tmp_path / "absent"), "--out", str(tmp_path / "a.md")]) == 1
    out, stories = rasa_out(tmp_path, "version: '3.1'\nstories: []\n", correct=2, total=3)   # Rasa says 1 failed
    assert stories_report.main([str(out), "--stories", str(stories), "--out", str(tmp_path / "b.md")]) == 1


# written by `rasa test core` (Rasa 3.6.21) on a copy of tests/stories/jeune.yml whose second turn expected
# ask_events and whose third turn expected action_evenements: without --e2e Rasa takes the story's intent
# as given, so only the actions are marked
REAL = """version: "3.1"
stories:
- story: 'jeune : demande tout de suite, détail du premier, apprentissage (/tmp/wt12-broken/jeune.yml)'
  steps:
  - intent: greet
  - action: action_profil
  - intent: ask_events
  - action: action_suggest_metiers  # predicted: action_evenements
  - intent: inform
  - action: action_evenements  # predicted: action_profil
  - intent: ask_trade_info
  - action: action_metier_info
"""


def test_real_rasa_output_is_read():
    (story,) = stories_report.parse_failed_stories(REAL)
    assert story.name == "jeune : demande tout de suite, détail du premier, apprentissage"
    assert story.source == "/tmp/wt12-broken/jeune.yml"
    assert [(m.turn, m.expected, m.predicted) for m in story.mismatches] == [
        (2, "action_suggest_metiers", "action_evenements"), (3, "action_evenements", "action_profil")]
    texts = stories_report.story_user_texts(stories_report.Path(__file__).resolve().parents[1] / "tests" / "stories")
    assert texts[story.name][1] == "trouve moi un métier"            # turn 2 of the real test story
