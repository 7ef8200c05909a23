"""Human handoff: the queue agents work, its timers, and what the debtor is told meanwhile.

Pure parts (no I/O): `policy` (reasons, priorities, SLA, wait estimates, opening hours),
`masking`, `summary`, `resources` (crisis lines per market, read once from YAML),
`replies`. I/O parts: `service` (queue, claim, resolve in the database), `snapshot`
(ledger tables), `agents` (console accounts and sessions), `live` (console websockets),
`routing` (what the gateway does with each inbound debtor message), `rasa_sync`.
"""
