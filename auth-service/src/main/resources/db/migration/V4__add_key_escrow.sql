-- e2e tier: what the client chose to escrow with the server (for example its private keys encrypted
-- under a key derived from a recovery passphrase). Opaque to the server; never decrypted here.
ALTER TABLE users ADD COLUMN key_escrow BYTEA;
