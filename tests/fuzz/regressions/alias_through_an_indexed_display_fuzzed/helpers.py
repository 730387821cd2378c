# ruff: noqa: B007, E501, F821, F841, I001 - as the fuzzer wrote it
pass
