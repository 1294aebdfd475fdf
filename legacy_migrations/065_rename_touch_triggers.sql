-- Trigger naming, settled at last: every "update_<table>_updated_at" trigger becomes "<table>_set_updated_at".
-- One loop over the catalog rather than one ALTER per table, so a table we forgot is renamed too.
DO $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT t.tgname, c.relname
             FROM pg_trigger t
             JOIN pg_class c ON c.oid = t.tgrelid
            WHERE NOT t.tgisinternal
              AND t.tgname LIKE 'update\_%\_updated\_at'
            ORDER BY c.relname
  LOOP
    EXECUTE format('ALTER TRIGGER %I ON %I RENAME TO %I', r.tgname, r.relname, r.relname || '_set_updated_at');
  END LOOP;
END $$;
