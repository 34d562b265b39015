"""The petition service: collects, confirms and counts signatures beside the static site.

The site stays static; this is the one dynamic thing. Modules, each with one job:
`config` (environment and campaign dates), `fields` (validation and normalisation of a
signature), `crypto` (sealed boxes, keyed hashes, link tokens), `store` (the database, its
migrations and the grouped writer), `mail` (composing messages), `outbox` (sending them, with
retries), `limits` (rate limits), `app` (the HTTP answers), `cbs` (the postcode table), `export`
(offline decryption for the hand-over), `retention` (deletion on schedule), `cli` (commands).
"""
