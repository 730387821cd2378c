#!/bin/bash
echo "run __BLACKDYNAMITE__id__ of job __BLACKDYNAMITE__job_id__"
python doIt.py
