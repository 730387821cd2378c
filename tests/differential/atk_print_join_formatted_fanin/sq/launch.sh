#!/bin/bash
python doIt.py
