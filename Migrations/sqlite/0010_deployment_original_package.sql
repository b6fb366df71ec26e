-- hearth:compatibility expand
-- Hearth store, version 10: the package a deployment was uploaded as, when Hearth changed it on the
-- way in (a Functions v1 app upgraded at deploy time). packages keeps its bytes under their SHA-256
-- like any package; the deployment serves package_sha256 and keeps this one to be downloaded.
-- NULL: the deployment serves the package as uploaded.
ALTER TABLE deployments ADD COLUMN original_package_sha256 TEXT REFERENCES packages(sha256);
