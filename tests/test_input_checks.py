from actions.input_checks import classify


def test_normal_french_messages_pass():
    for text in ("bonjour", "j'ai 19 ans et j'habite à Thiers", "jsp koi faire", "ok", "c quoi une pmsmp ?", "hello"):
        assert classify(text) is None, text


def test_bad_inputs_are_classified():
    assert classify("") == "empty"
    assert classify("   \n ") == "empty"
    assert classify(None) == "empty"
    assert classify("😀🔥👍") == "emoji"
    assert classify("?!...") == "emoji"
    assert classify("a" * 5000) == "too_long"
    assert classify("<script>alert('x')</script>") == "markup"
    assert classify("<img src=x onerror=alert(1)>") == "markup"
    assert classify("https://exemple.fr/tres-long-chemin") == "url"
    assert classify("je cherche sur https://exemple.fr des idées") is None
    assert classify("Hello, what jobs can I do with my skills?") == "foreign"
    assert classify("hola quiero un trabajo por favor") == "foreign"
    assert classify("مرحبا كيف حالك") == "foreign"
