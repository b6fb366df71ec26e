-- hearth:compatibility expand
-- Hearth store, version 10: the package a deployment was uploaded as, when Hearth changed it on the
-- way in (a Functions v1 app upgraded at deploy time). Same schema as
-- Migrations/sqlite/0010_deployment_original_package.sql. NULL: the deployment serves the package as
-- uploaded.
ALTER TABLE hearth.deployments ADD original_package_sha256 NVARCHAR(64) COLLATE Latin1_General_100_BIN2 NULL
CONSTRAINT fk_deployments_original_package FOREIGN KEY REFERENCES hearth.packages (sha256);
