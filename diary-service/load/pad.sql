-- Older history for a load run at scale (diary-service/load/run's 4th argument): COPIES copies of each
-- user's live entries, dated 1 to COPIES days before the originals, with their real blind-index token
-- arrays, so the table, its GIN index and every posting list are as large as COPIES + 1 times the
-- entries written through the API. The copies keep the original's sealed body, whose AAD names the
-- original's id: they do not open, and the run never asks for one (get reads an API-written entry; a
-- list or a search page, newest first, is full of API-written ones before any older copy).
\set ON_ERROR_STOP on
SET maintenance_work_mem = '1GB';
DROP INDEX entries_search;
INSERT INTO entries (id, user_id, tier, version, entry_date, source, body, nonce, sealed_version, content_hash,
                     created_at, updated_at, deleted_at, search_tokens)
SELECT gen_random_uuid(), e.user_id, e.tier, 1, e.entry_date - g, e.source, e.body, e.nonce, 1, e.content_hash,
       e.created_at, e.updated_at, NULL, e.search_tokens
FROM entries e CROSS JOIN generate_series(1, :copies) AS g
WHERE e.deleted_at IS NULL;
CREATE INDEX entries_search ON entries USING GIN (search_tokens);
VACUUM ANALYZE entries;
