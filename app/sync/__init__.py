"""The exchange with the office (spec/package-format.md), and nothing else.

keys.py, keymaterial.py — the installation's key pairs, key files, fingerprints;
container.py, manifest.py — the package file: write, and read with the spec's checks 1–4;
snapshot*.py, feedback.py, records.py, checks.py — data.json: build, validate (step 5), apply;
sending.py, receiving.py, batch.py — numbering, step 6, one transaction per file, the log;
exchange.py — the API the window uses; commands.py — export, import, feedback, keys.
"""
