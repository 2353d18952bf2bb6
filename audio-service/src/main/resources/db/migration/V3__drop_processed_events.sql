-- Applied events are claimed in the platform's inbox_events (service-support's Inbox) now; the user
-- events this table deduplicated are idempotent besides, so its rows need no copying.
DROP TABLE processed_events;
