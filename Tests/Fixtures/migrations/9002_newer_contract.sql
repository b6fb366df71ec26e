-- hearth:compatibility contract
-- Test fixture (SQLite): a contract migration of a hearth newer than the one under test. It renames a
-- column that binary reads, so that binary must refuse the schema, naming 9002 and the fix.
ALTER TABLE apps RENAME COLUMN status_reason TO status_detail;
