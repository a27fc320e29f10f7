import re

from banzu_gateway.web.messages import merged_catalogues


def test_every_message_exists_in_both_languages_with_the_same_placeholders():
    catalogues = merged_catalogues()
    assert catalogues["zh"].keys() == catalogues["en"].keys()
    for key, zh in catalogues["zh"].items():
        assert set(re.findall(r"{(\w+)}", zh)) == set(re.findall(r"{(\w+)}", catalogues["en"][key])), key
