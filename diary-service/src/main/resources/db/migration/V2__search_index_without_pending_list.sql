-- The blind-index GIN index is updated with each write instead of through a pending list. With
-- fastupdate on, each insert only appended its ~600 keys to the pending list (1.4 ms a 600-word entry
-- against 6 ms written through), but every search then read the whole list: after 6,000 creates at
-- scale it held 18,693 pages, and a 2-term search took 500 ms instead of 0.8 ms (docs/benchmarks.md).
ALTER INDEX entries_search SET (fastupdate = off);
SELECT gin_clean_pending_list('entries_search'::regclass);
