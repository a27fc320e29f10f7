import random

import pytest

from banzu_credentials.domain import mask_name, new_verification_code, verification_code_matches
from banzu_credentials.domain.verification import VERIFICATION_ALPHABET, VERIFICATION_CODE_LENGTH


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三丰", "张*丰"),
        ("张小三", "张*三"),
        ("欧阳娜娜", "欧*娜"),
        ("张三", "张*"),
        ("张", "张*"),
        ("Li Wei", "L* W*"),
        ("  Li Wei ", "L* W*"),
        ("阿依古丽·买买提", "阿*·买*"),
        ("", ""),
    ],
)
def test_mask_name(name, masked):
    assert mask_name(name) == masked


def test_codes_use_the_unambiguous_alphabet():
    rng = random.Random(7)
    codes = {new_verification_code(rng) for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert len(code) == VERIFICATION_CODE_LENGTH
        assert set(code) <= set(VERIFICATION_ALPHABET)
    assert not set("01OI") & set(VERIFICATION_ALPHABET)


def test_code_check():
    assert verification_code_matches("K7M2PQ9X", "k7m2-pq9x")
    assert not verification_code_matches("K7M2PQ9X", "K7M2PQ9")
    assert not verification_code_matches("K7M2PQ9X", "")
    assert not verification_code_matches("K7M2PQ9X", "张三丰")
