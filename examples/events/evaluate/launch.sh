#!/bin/bash
echo "evaluate run __BLACKDYNAMITE__id__: x = __BLACKDYNAMITE__x__"
python doIt.py
