/// Every statement the SQL Server backend issues, in one place a test can enumerate.
///
/// Locking: leases take rows with `READPAST, UPDLOCK, ROWLOCK` (a lease another worker is taking
/// right now is skipped, not waited for); upserts use `UPDLOCK, SERIALIZABLE` on the key so two
/// writers cannot both insert; `hearth db migrate` serialises migrators with `sp_getapplock`.
package enum SQLServerStatements {
    // MARK: Transactions and health

    /// Opens the transaction a write runs in; `XACT_ABORT` makes any error roll the whole transaction back.
    package static let beginTransaction = SQLStatement("beginTransaction", "SET XACT_ABORT ON;\nBEGIN TRANSACTION;")
    /// Commits a write's transaction.
    package static let commitTransaction = SQLStatement("commitTransaction", "COMMIT TRANSACTION;")
    /// Rolls a write's transaction back, if one is still open (safe after `XACT_ABORT` already did).
    package static let rollbackTransaction = SQLStatement("rollbackTransaction", "IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION;")
    /// Checks a pooled connection before reuse; returns one row, `ok` = 1.
    package static let ping = SQLStatement("ping", "SELECT 1 AS ok;")
    /// Moves the change counter workers poll (`WorkerStore.changeVersion()`); part of every write a worker must see.
    package static let bumpChangeCounter = SQLStatement("bumpChangeCounter", "UPDATE hearth.change_counter SET version = version + 1 WHERE id = 1;")
    /// Reads the change counter: one row, `version`.
    package static let changeVersion = SQLStatement("changeVersion", "SELECT version FROM hearth.change_counter WHERE id = 1;")

    // MARK: Tenants

    /// Creates a tenant; a taken name or id fails on the unique key (a conflict).
    package static let insertTenant = SQLStatement(
        "insertTenant",
        "INSERT INTO hearth.tenants (id, name, created_at) VALUES (@id, @name, @created_at);"
    )
    /// Every tenant, by name.
    package static let selectTenants = SQLStatement("selectTenants", "SELECT id, name, created_at FROM hearth.tenants ORDER BY name;")
    /// The tenant of one name (`@name`), or no row.
    package static let selectTenantByName = SQLStatement(
        "selectTenantByName",
        "SELECT id, name, created_at FROM hearth.tenants WHERE name = @name;"
    )
    /// The tenant of one id (`@id`), or no row.
    package static let selectTenantByID = SQLStatement("selectTenantByID", "SELECT id, name, created_at FROM hearth.tenants WHERE id = @id;")
    /// Deletes a tenant (its apps, domains and tokens go by cascade); returns `affected`, 0 or 1.
    package static let deleteTenant = SQLStatement("deleteTenant", "DELETE FROM hearth.tenants WHERE id = @id;\nSELECT @@ROWCOUNT AS affected;")

    // MARK: Tenant domains

    /// Every tenant domain, by suffix.
    package static let selectTenantDomains = SQLStatement(
        "selectTenantDomains",
        "SELECT suffix, tenant_id, created_at FROM hearth.tenant_domains ORDER BY suffix;"
    )
    /// The domains granted to one tenant (`@tenant_id`), by suffix.
    package static let selectTenantDomainsOfTenant = SQLStatement(
        "selectTenantDomainsOfTenant",
        "SELECT suffix, tenant_id, created_at FROM hearth.tenant_domains WHERE tenant_id = @tenant_id ORDER BY suffix;"
    )
    /// Serializable over the predicate (HOLDLOCK) and update-locked: a grant being made at the same
    /// time waits, so two overlapping grants cannot both see the table free.
    package static let selectOverlappingTenantDomain = SQLStatement(
        "selectOverlappingTenantDomain",
        "SELECT TOP (1) suffix FROM hearth.tenant_domains WITH (UPDLOCK, HOLDLOCK)\nWHERE tenant_id <> @tenant_id\n    AND (suffix = @suffix OR @suffix LIKE N'%.' + suffix OR suffix LIKE N'%.' + @suffix);"
    )
    /// Grants `@suffix` to a tenant; a suffix granted already fails on the key (a conflict).
    package static let insertTenantDomain = SQLStatement(
        "insertTenantDomain",
        "INSERT INTO hearth.tenant_domains (suffix, tenant_id, created_at) VALUES (@suffix, @tenant_id, @created_at);"
    )
    /// Takes a suffix back from a tenant; returns `affected`, 0 or 1.
    package static let deleteTenantDomain = SQLStatement(
        "deleteTenantDomain",
        "DELETE FROM hearth.tenant_domains WHERE tenant_id = @tenant_id AND suffix = @suffix;\nSELECT @@ROWCOUNT AS affected;"
    )

    // MARK: Apps

    static let appColumns = "a.id, a.tenant_id, a.name, a.active_deployment_id, a.created_at"
    /// Creates an app (host names follow with ``insertHostName``); a taken name or id is a conflict.
    package static let insertApp = SQLStatement(
        "insertApp",
        "INSERT INTO hearth.apps (id, tenant_id, name, active_deployment_id, created_at)\nVALUES (@id, @tenant_id, @name, @active_deployment_id, @created_at);"
    )
    /// Routes a custom host name (lower-cased by the caller) to an app; a name taken is a conflict.
    package static let insertHostName = SQLStatement(
        "insertHostName",
        "INSERT INTO hearth.app_host_names (host_name, app_id) VALUES (@host_name, @app_id);"
    )
    /// Removes all host names of one app, disabled ones included (before ``insertHostName`` sets the new list).
    package static let deleteHostNamesOfApp = SQLStatement("deleteHostNamesOfApp", "DELETE FROM hearth.app_host_names WHERE app_id = @app_id;")
    /// Every app, by name (host names come from ``selectAllHostNames``).
    package static let selectApps = SQLStatement("selectApps", "SELECT \(appColumns) FROM hearth.apps AS a ORDER BY a.name;")
    /// The apps of one tenant (`@tenant_id`), by name.
    package static let selectAppsOfTenant = SQLStatement(
        "selectAppsOfTenant",
        "SELECT \(appColumns) FROM hearth.apps AS a WHERE a.tenant_id = @tenant_id ORDER BY a.name;"
    )
    /// The app of one name, or no row.
    package static let selectAppByName = SQLStatement("selectAppByName", "SELECT \(appColumns) FROM hearth.apps AS a WHERE a.name = @name;")
    /// The app of one id, or no row.
    package static let selectAppByID = SQLStatement("selectAppByID", "SELECT \(appColumns) FROM hearth.apps AS a WHERE a.id = @id;")
    /// The app a routing (not disabled) host name points to, or no row.
    package static let selectAppByHostName = SQLStatement(
        "selectAppByHostName",
        "SELECT \(appColumns) FROM hearth.apps AS a\nINNER JOIN hearth.app_host_names AS h ON h.app_id = a.id\nWHERE h.host_name = @host_name AND h.disabled_reason IS NULL;"
    )
    /// The routing host names of one app, by name.
    package static let selectHostNamesOfApp = SQLStatement(
        "selectHostNamesOfApp",
        "SELECT host_name FROM hearth.app_host_names WHERE app_id = @app_id AND disabled_reason IS NULL ORDER BY host_name;"
    )
    /// Every routing host name with its app, by name (grouped per app by the caller).
    package static let selectAllHostNames = SQLStatement(
        "selectAllHostNames",
        "SELECT app_id, host_name FROM hearth.app_host_names WHERE disabled_reason IS NULL ORDER BY host_name;"
    )
    /// Stops routing a host name, keeping it with `@reason`; returns `affected`, 0 when no app has it.
    package static let disableHostName = SQLStatement(
        "disableHostName",
        "UPDATE hearth.app_host_names SET disabled_reason = @reason WHERE host_name = @host_name;\nSELECT @@ROWCOUNT AS affected;"
    )
    /// Drops a disabled host name (another app's) so that an app setting its host names may take it.
    package static let deleteDisabledHostName = SQLStatement(
        "deleteDisabledHostName",
        "DELETE FROM hearth.app_host_names WHERE host_name = @host_name AND disabled_reason IS NOT NULL;"
    )
    /// Every disabled host name with its app and reason, by name.
    package static let selectDisabledHostNames = SQLStatement(
        "selectDisabledHostNames",
        "SELECT app_id, host_name, disabled_reason FROM hearth.app_host_names WHERE disabled_reason IS NOT NULL ORDER BY host_name;"
    )
    /// The disabled host names of one app, by name.
    package static let selectDisabledHostNamesOfApp = SQLStatement(
        "selectDisabledHostNamesOfApp",
        "SELECT app_id, host_name, disabled_reason FROM hearth.app_host_names\nWHERE disabled_reason IS NOT NULL AND app_id = @app_id ORDER BY host_name;"
    )
    /// Deletes an app (its rows in other tables go by cascade); returns `affected`, 0 or 1.
    package static let deleteApp = SQLStatement("deleteApp", "DELETE FROM hearth.apps WHERE id = @id;\nSELECT @@ROWCOUNT AS affected;")
    /// After an app is deleted: removes the packages no deployment refers to (served or original), except `@keep_sha256` (the empty placeholder).
    package static let deleteUnreferencedPackages = SQLStatement(
        "deleteUnreferencedPackages",
        """
        DELETE p FROM hearth.packages AS p
        WHERE p.sha256 <> @keep_sha256
            AND NOT EXISTS (SELECT 1 FROM hearth.deployments AS d WHERE d.package_sha256 = p.sha256)
            AND NOT EXISTS (SELECT 1 FROM hearth.deployments AS o WHERE o.original_package_sha256 = p.sha256);
        """
    )
    /// Replaces the status a worker reports for an app; an unknown app updates nothing.
    package static let updateAppStatus = SQLStatement(
        "updateAppStatus",
        "UPDATE hearth.apps\nSET status_state = @state, status_reason = @reason, status_worker_id = @worker_id, status_updated_at = @updated_at\nWHERE id = @id;"
    )
    /// The status columns of one app, or no row.
    package static let selectAppStatus = SQLStatement(
        "selectAppStatus",
        "SELECT status_state, status_reason, status_worker_id, status_updated_at FROM hearth.apps WHERE id = @id;"
    )
    /// The reported status of each app in `@app_ids` (a JSON array of ids) that has one.
    package static let selectAppStatuses = SQLStatement(
        "selectAppStatuses",
        """
        SELECT id, status_state, status_reason, status_worker_id, status_updated_at
        FROM hearth.apps
        WHERE status_state IS NOT NULL
            AND id IN (SELECT TRY_CAST(j.[value] AS UNIQUEIDENTIFIER) FROM OPENJSON(@app_ids) AS j);
        """
    )

    // MARK: Packages and deployments

    /// Stores a package under its SHA-256 unless one is stored already (idempotent; the key is
    /// update-locked, so two writers of the same package do not collide).
    package static let insertPackage = SQLStatement(
        "insertPackage",
        """
        IF NOT EXISTS (SELECT 1 FROM hearth.packages WITH (UPDLOCK, HOLDLOCK) WHERE sha256 = @sha256)
            INSERT INTO hearth.packages (sha256, size, content, created_at) VALUES (@sha256, @size, @content, @created_at);
        """
    )
    /// The bytes of one package, or no row.
    package static let selectPackage = SQLStatement("selectPackage", "SELECT content FROM hearth.packages WHERE sha256 = @sha256;")
    static let deploymentColumns =
        "id, app_id, package_sha256, package_size, status, message, author, function_names, log, created_at, completed_at, original_package_sha256"
    /// Records a deployment; an unknown app or package fails on the foreign key (not found).
    package static let insertDeployment = SQLStatement(
        "insertDeployment",
        """
        INSERT INTO hearth.deployments (\(deploymentColumns))
        VALUES (
            @id, @app_id, @package_sha256, @package_size, @status, @message, @author, @function_names, @log, @created_at, @completed_at,
            @original_package_sha256
        );
        """
    )
    /// Rewrites a deployment's mutable fields; returns `affected`, 0 when there is no such deployment.
    package static let updateDeployment = SQLStatement(
        "updateDeployment",
        """
        UPDATE hearth.deployments
        SET status = @status, message = @message, author = @author, function_names = @function_names, log = @log, completed_at = @completed_at,
            package_sha256 = @package_sha256, package_size = @package_size, original_package_sha256 = @original_package_sha256
        WHERE id = @id;
        SELECT @@ROWCOUNT AS affected;
        """
    )
    /// The deployments of one app, newest first (`seq` breaks ties of equal creation times).
    package static let selectDeploymentsOfApp = SQLStatement(
        "selectDeploymentsOfApp",
        "SELECT \(deploymentColumns) FROM hearth.deployments WHERE app_id = @app_id ORDER BY created_at DESC, seq DESC;"
    )
    /// One deployment by id, or no row.
    package static let selectDeployment = SQLStatement("selectDeployment", "SELECT \(deploymentColumns) FROM hearth.deployments WHERE id = @id;")
    /// The deployment serving each app in `@app_ids` (a JSON array of ids) that has one.
    package static let selectActiveDeployments = SQLStatement(
        "selectActiveDeployments",
        """
        SELECT \(deploymentColumns)
        FROM hearth.deployments
        WHERE id IN (
            SELECT a.active_deployment_id FROM hearth.apps AS a
            WHERE a.id IN (SELECT TRY_CAST(j.[value] AS UNIQUEIDENTIFIER) FROM OPENJSON(@app_ids) AS j)
        );
        """
    )
    /// The app and status of a deployment about to be activated, update-locked so it cannot change before the transaction commits.
    package static let selectDeploymentForActivation = SQLStatement(
        "selectDeploymentForActivation",
        "SELECT app_id, status FROM hearth.deployments WITH (UPDLOCK, ROWLOCK) WHERE id = @id;"
    )
    /// Points an app at the deployment that serves it.
    package static let updateActiveDeployment = SQLStatement(
        "updateActiveDeployment",
        "UPDATE hearth.apps SET active_deployment_id = @deployment_id WHERE id = @app_id;"
    )
    /// Switches the app to `@deployment_id` only while `@expected` serves (one statement: the
    /// update lock makes a second, racing one see the first's value); returns `affected`.
    package static let updateActiveDeploymentIfExpected = SQLStatement(
        "updateActiveDeploymentIfExpected",
        """
        UPDATE hearth.apps SET active_deployment_id = @deployment_id WHERE id = @app_id AND active_deployment_id = @expected;
        SELECT @@ROWCOUNT AS affected;
        """
    )

    // MARK: Settings and keys

    /// The settings of one app, by name (secret values sealed).
    package static let selectSettings = SQLStatement(
        "selectSettings",
        "SELECT name, value, is_secret, updated_at FROM hearth.app_settings WHERE app_id = @app_id ORDER BY name;"
    )
    /// The settings of every app in `@app_ids` (a JSON array of ids), by app, then name.
    package static let selectSettingsOfApps = SQLStatement(
        "selectSettingsOfApps",
        """
        SELECT app_id, name, value, is_secret, updated_at
        FROM hearth.app_settings
        WHERE app_id IN (SELECT TRY_CAST(j.[value] AS UNIQUEIDENTIFIER) FROM OPENJSON(@app_ids) AS j)
        ORDER BY app_id, name;
        """
    )
    /// Inserts or replaces one setting by name, the key range locked so two writers cannot both insert.
    package static let upsertSetting = SQLStatement(
        "upsertSetting",
        """
        UPDATE hearth.app_settings WITH (UPDLOCK, SERIALIZABLE)
        SET value = @value, is_secret = @is_secret, updated_at = @updated_at
        WHERE app_id = @app_id AND name = @name;
        IF @@ROWCOUNT = 0
            INSERT INTO hearth.app_settings (app_id, name, value, is_secret, updated_at)
            VALUES (@app_id, @name, @value, @is_secret, @updated_at);
        """
    )
    /// Deletes one setting; returns `affected`, 0 or 1.
    package static let deleteSetting = SQLStatement(
        "deleteSetting",
        "DELETE FROM hearth.app_settings WHERE app_id = @app_id AND name = @name;\nSELECT @@ROWCOUNT AS affected;"
    )
    /// The keys of one app, by scope, function name and name (values sealed).
    package static let selectKeys = SQLStatement(
        "selectKeys",
        "SELECT scope, function_name, name, value, created_at, updated_at FROM hearth.function_keys\nWHERE app_id = @app_id ORDER BY scope, function_name, name;"
    )
    /// Inserts or replaces one key (keeping its creation time); returns `inserted`, 1 when the key was new.
    package static let upsertKey = SQLStatement(
        "upsertKey",
        """
        UPDATE hearth.function_keys WITH (UPDLOCK, SERIALIZABLE)
        SET value = @value, updated_at = @updated_at
        WHERE app_id = @app_id AND scope = @scope AND function_name = @function_name AND name = @name;
        IF @@ROWCOUNT = 0
        BEGIN
            INSERT INTO hearth.function_keys (app_id, scope, function_name, name, value, created_at, updated_at)
            VALUES (@app_id, @scope, @function_name, @name, @value, @created_at, @updated_at);
            SELECT CAST(1 AS BIT) AS inserted;
        END
        ELSE
            SELECT CAST(0 AS BIT) AS inserted;
        """
    )
    /// Deletes one key; returns `affected`, 0 or 1.
    package static let deleteKey = SQLStatement(
        "deleteKey",
        "DELETE FROM hearth.function_keys\nWHERE app_id = @app_id AND scope = @scope AND function_name = @function_name AND name = @name;\nSELECT @@ROWCOUNT AS affected;"
    )

    // MARK: Publishing credentials

    // MARK: Re-sealing secrets under a new master key (each update only while the row holds the old ciphertext)

    /// Every secret setting's sealed value, for counting and re-sealing.
    package static let selectSealedSettings = SQLStatement(
        "selectSealedSettings",
        "SELECT app_id, name, value FROM hearth.app_settings WHERE is_secret = 1;"
    )
    /// Every key's sealed value, for counting and re-sealing.
    package static let selectSealedKeys = SQLStatement(
        "selectSealedKeys",
        "SELECT app_id, scope, function_name, name, value FROM hearth.function_keys;"
    )
    /// Every publishing password's sealed value, for counting and re-sealing.
    package static let selectSealedPublishingPasswords = SQLStatement(
        "selectSealedPublishingPasswords",
        "SELECT app_id, password FROM hearth.publishing_credentials;"
    )
    /// Writes a re-sealed setting value only while the row still holds `@old_value`; returns `affected`, 0 or 1.
    package static let resealSetting = SQLStatement(
        "resealSetting",
        "UPDATE hearth.app_settings SET value = @value\nWHERE app_id = @app_id AND name = @name AND value = @old_value;\nSELECT @@ROWCOUNT AS affected;"
    )
    /// Writes a re-sealed key value only while the row still holds `@old_value`; returns `affected`, 0 or 1.
    package static let resealKey = SQLStatement(
        "resealKey",
        "UPDATE hearth.function_keys SET value = @value\nWHERE app_id = @app_id AND scope = @scope AND function_name = @function_name AND name = @name\n    AND value = @old_value;\nSELECT @@ROWCOUNT AS affected;"
    )
    /// Writes a re-sealed publishing password only while the row still holds `@old_password`; returns `affected`, 0 or 1.
    package static let resealPublishingPassword = SQLStatement(
        "resealPublishingPassword",
        "UPDATE hearth.publishing_credentials SET password = @password\nWHERE app_id = @app_id AND password = @old_password;\nSELECT @@ROWCOUNT AS affected;"
    )

    /// The publishing credentials of one app (password sealed), or no row.
    package static let selectPublishingCredentials = SQLStatement(
        "selectPublishingCredentials",
        "SELECT user_name, password, updated_at FROM hearth.publishing_credentials WHERE app_id = @app_id;"
    )
    /// Sets an app's publishing credentials, replacing any (a reset); returns `written` = 1.
    package static let upsertPublishingCredentials = SQLStatement(
        "upsertPublishingCredentials",
        """
        UPDATE hearth.publishing_credentials WITH (UPDLOCK, SERIALIZABLE)
        SET user_name = @user_name, password = @password, updated_at = @updated_at
        WHERE app_id = @app_id;
        IF @@ROWCOUNT = 0
            INSERT INTO hearth.publishing_credentials (app_id, user_name, password, updated_at)
            VALUES (@app_id, @user_name, @password, @updated_at);
        SELECT CAST(1 AS BIT) AS written;
        """
    )
    /// Sets an app's first publishing credentials unless it has some (the key range locked, so two
    /// first issues agree); returns `written`, 0 or 1.
    package static let insertPublishingCredentialsIfAbsent = SQLStatement(
        "insertPublishingCredentialsIfAbsent",
        """
        INSERT INTO hearth.publishing_credentials (app_id, user_name, password, updated_at)
        SELECT @app_id, @user_name, @password, @updated_at
        WHERE NOT EXISTS (SELECT 1 FROM hearth.publishing_credentials WITH (UPDLOCK, HOLDLOCK) WHERE app_id = @app_id);
        SELECT CAST(@@ROWCOUNT AS BIT) AS written;
        """
    )

    // MARK: API tokens

    static let tokenColumns = "id, name, role, tenant_id, created_at, owner_user_id"
    /// Stores an API token with the SHA-256 of its secret; a taken id or hash is a conflict.
    package static let insertToken = SQLStatement(
        "insertToken",
        "INSERT INTO hearth.api_tokens (id, name, token_hash, role, tenant_id, created_at, owner_user_id)\nVALUES (@id, @name, @token_hash, @role, @tenant_id, @created_at, @owner_user_id);"
    )
    /// The token whose secret hashes to `@token_hash`, or no row.
    package static let selectTokenByHash = SQLStatement(
        "selectTokenByHash",
        "SELECT \(tokenColumns) FROM hearth.api_tokens WHERE token_hash = @token_hash;"
    )
    /// Every token, oldest first (then by name).
    package static let selectTokens = SQLStatement("selectTokens", "SELECT \(tokenColumns) FROM hearth.api_tokens ORDER BY created_at, name;")
    /// Deletes a token; returns `affected`, 0 or 1.
    package static let deleteToken = SQLStatement("deleteToken", "DELETE FROM hearth.api_tokens WHERE id = @id;\nSELECT @@ROWCOUNT AS affected;")

    // MARK: Invocation log

    static let invocationColumns =
        "id, app_id, function_name, trigger_kind, started_at, duration_ms, status, error, logs, worker_id, worker_instance, trace_parent"
    /// Inserts or updates one invocation record by id; a record of an app that no longer exists is dropped.
    package static let upsertInvocation = SQLStatement(
        "upsertInvocation",
        """
        UPDATE hearth.invocations WITH (UPDLOCK, SERIALIZABLE)
        SET duration_ms = @duration_ms, status = @status, error = @error, logs = @logs
        WHERE id = @id;
        IF @@ROWCOUNT = 0
            INSERT INTO hearth.invocations (\(invocationColumns))
            SELECT @id, @app_id, @function_name, @trigger_kind, @started_at, @duration_ms, @status, @error, @logs, @worker_id, @worker_instance,
                @trace_parent
            WHERE EXISTS (SELECT 1 FROM hearth.apps WHERE id = @app_id);
        """
    )
    /// The newest `@limit` invocations of one app, newest first.
    package static let selectInvocations = SQLStatement(
        "selectInvocations",
        "SELECT TOP (@limit) \(invocationColumns) FROM hearth.invocations\nWHERE app_id = @app_id ORDER BY started_at DESC;"
    )
    /// The newest `@limit` invocations of one function of an app (name compared case-insensitively), newest first.
    package static let selectInvocationsOfFunction = SQLStatement(
        "selectInvocationsOfFunction",
        """
        SELECT TOP (@limit) \(invocationColumns) FROM hearth.invocations
        WHERE app_id = @app_id AND function_name COLLATE Latin1_General_100_CI_AS = @function_name
        ORDER BY started_at DESC;
        """
    )
    /// One invocation by id, or no row.
    package static let selectInvocation = SQLStatement("selectInvocation", "SELECT \(invocationColumns) FROM hearth.invocations WHERE id = @id;")
    /// The running rows earlier processes of a worker left behind (see `WorkerStore.abandonInvocations`).
    package static let abandonInvocations = SQLStatement(
        "abandonInvocations",
        """
        UPDATE hearth.invocations SET status = N'abandoned', error = @error
        WHERE status = N'running' AND worker_id = @worker_id AND (worker_instance IS NULL OR worker_instance COLLATE Latin1_General_100_BIN2 < @instance);
        SELECT @@ROWCOUNT AS affected;
        """
    )
    // MARK: Invocation statistics (Migrations/sqlserver/0007_invocation_stats.sql)

    static let invocationStatsColumns =
        "le_1, le_2, le_5, le_10, le_20, le_50, le_100, le_200, le_500, le_1000, le_2000, le_5000, le_10000, le_30000, le_inf"
    /// The status an invocation has before a write replaces it, locked (`UPDLOCK, HOLDLOCK`) until
    /// the transaction ends, so two writers of the same record's end cannot both count it.
    package static let selectInvocationStatusForUpdate = SQLStatement(
        "selectInvocationStatusForUpdate",
        "SELECT status FROM hearth.invocations WITH (UPDLOCK, HOLDLOCK) WHERE id = @id;"
    )
    /// Counts one finished invocation into its hour (`@bucket`: its ``InvocationHistogram`` bucket,
    /// -1 without a duration). UPDATE-then-INSERT: `UPDLOCK, SERIALIZABLE` on the UPDATE holds a
    /// key-range lock on the (app, function, hour) row even when it does not exist yet, so two
    /// workers counting into a new hour at once cannot both insert (the second waits, then updates).
    package static let addInvocationStats = SQLStatement(
        "addInvocationStats",
        """
        UPDATE hearth.invocation_stats WITH (UPDLOCK, SERIALIZABLE)
        SET invocations = invocations + 1, failures = failures + @failed, duration_sum = duration_sum + @duration_ms,
            le_1 = le_1 + CASE WHEN @bucket = 0 THEN 1 ELSE 0 END,
            le_2 = le_2 + CASE WHEN @bucket = 1 THEN 1 ELSE 0 END,
            le_5 = le_5 + CASE WHEN @bucket = 2 THEN 1 ELSE 0 END,
            le_10 = le_10 + CASE WHEN @bucket = 3 THEN 1 ELSE 0 END,
            le_20 = le_20 + CASE WHEN @bucket = 4 THEN 1 ELSE 0 END,
            le_50 = le_50 + CASE WHEN @bucket = 5 THEN 1 ELSE 0 END,
            le_100 = le_100 + CASE WHEN @bucket = 6 THEN 1 ELSE 0 END,
            le_200 = le_200 + CASE WHEN @bucket = 7 THEN 1 ELSE 0 END,
            le_500 = le_500 + CASE WHEN @bucket = 8 THEN 1 ELSE 0 END,
            le_1000 = le_1000 + CASE WHEN @bucket = 9 THEN 1 ELSE 0 END,
            le_2000 = le_2000 + CASE WHEN @bucket = 10 THEN 1 ELSE 0 END,
            le_5000 = le_5000 + CASE WHEN @bucket = 11 THEN 1 ELSE 0 END,
            le_10000 = le_10000 + CASE WHEN @bucket = 12 THEN 1 ELSE 0 END,
            le_30000 = le_30000 + CASE WHEN @bucket = 13 THEN 1 ELSE 0 END,
            le_inf = le_inf + CASE WHEN @bucket = 14 THEN 1 ELSE 0 END
        WHERE app_id = @app_id AND function_name = @function_name AND hour_start = @hour_start;
        IF @@ROWCOUNT = 0
            INSERT INTO hearth.invocation_stats (app_id, function_name, hour_start, invocations, failures, duration_sum, \(invocationStatsColumns))
            VALUES (@app_id, @function_name, @hour_start, 1, @failed, @duration_ms, CASE WHEN @bucket = 0 THEN 1 ELSE 0 END, CASE WHEN @bucket = 1 THEN 1 ELSE 0 END, CASE WHEN @bucket = 2 THEN 1 ELSE 0 END, CASE WHEN @bucket = 3 THEN 1 ELSE 0 END, CASE WHEN @bucket = 4 THEN 1 ELSE 0 END, CASE WHEN @bucket = 5 THEN 1 ELSE 0 END, CASE WHEN @bucket = 6 THEN 1 ELSE 0 END, CASE WHEN @bucket = 7 THEN 1 ELSE 0 END, CASE WHEN @bucket = 8 THEN 1 ELSE 0 END, CASE WHEN @bucket = 9 THEN 1 ELSE 0 END, CASE WHEN @bucket = 10 THEN 1 ELSE 0 END, CASE WHEN @bucket = 11 THEN 1 ELSE 0 END, CASE WHEN @bucket = 12 THEN 1 ELSE 0 END, CASE WHEN @bucket = 13 THEN 1 ELSE 0 END, CASE WHEN @bucket = 14 THEN 1 ELSE 0 END);
        """
    )
    /// Counts the invocations `abandonInvocations` is about to mark (same WHERE) as failures
    /// without a duration, grouped by hour. MERGE with `HOLDLOCK` (serializable on the target) so
    /// a concurrent first count into the same hour cannot insert the row twice.
    package static let countAbandonedInvocations = SQLStatement(
        "countAbandonedInvocations",
        """
        MERGE hearth.invocation_stats WITH (HOLDLOCK) AS s
        USING (
            SELECT i.app_id, MIN(i.function_name) AS function_name, h.hour_start, COUNT(*) AS n
            FROM hearth.invocations AS i
            CROSS APPLY (SELECT CAST(DATEADD(HOUR, DATEDIFF(HOUR, 0, i.started_at), 0) AS DATETIME2(3)) AS hour_start) AS h
            WHERE i.status = N'running' AND i.worker_id = @worker_id
                AND (i.worker_instance IS NULL OR i.worker_instance COLLATE Latin1_General_100_BIN2 < @instance)
            GROUP BY i.app_id, i.function_name COLLATE Latin1_General_100_CI_AS, h.hour_start
        ) AS a
        ON s.app_id = a.app_id AND s.function_name = a.function_name AND s.hour_start = a.hour_start
        WHEN MATCHED THEN UPDATE SET invocations = s.invocations + a.n, failures = s.failures + a.n
        WHEN NOT MATCHED THEN INSERT (app_id, function_name, hour_start, invocations, failures)
            VALUES (a.app_id, a.function_name, a.hour_start, a.n, a.n);
        """
    )
    /// Deletes the statistics of hours that ended by `@before` (pruned with the invocations).
    package static let pruneInvocationStats = SQLStatement(
        "pruneInvocationStats",
        "DELETE FROM hearth.invocation_stats WHERE DATEADD(HOUR, 1, hour_start) <= @before;"
    )
    /// Finished invocations and failures per app (`@app_ids`: a JSON array of ids) over the hours
    /// `@since_hour` (inclusive) to `@until` (exclusive).
    package static let selectInvocationTotals = SQLStatement(
        "selectInvocationTotals",
        """
        SELECT app_id, SUM(invocations) AS invocations, SUM(failures) AS failures
        FROM hearth.invocation_stats
        WHERE hour_start >= @since_hour AND hour_start < @until
            AND app_id IN (SELECT TRY_CAST(j.[value] AS UNIQUEIDENTIFIER) FROM OPENJSON(@app_ids) AS j)
        GROUP BY app_id;
        """
    )
    /// The hourly statistics of an app's functions, by function name, then hour.
    package static let selectInvocationStats = SQLStatement(
        "selectInvocationStats",
        """
        SELECT function_name, hour_start, invocations, failures, duration_sum, \(invocationStatsColumns)
        FROM hearth.invocation_stats
        WHERE app_id = @app_id AND hour_start >= @since_hour AND hour_start < @until
        ORDER BY function_name, hour_start;
        """
    )
    /// The newest `@limit` invocations of an app passing the optional filters (NULL: any).
    package static let selectInvocationsFiltered = SQLStatement(
        "selectInvocationsFiltered",
        """
        SELECT TOP (@limit) \(invocationColumns) FROM hearth.invocations
        WHERE app_id = @app_id
            AND (@function_name IS NULL OR function_name COLLATE Latin1_General_100_CI_AS = @function_name)
            AND (@status IS NULL OR status = @status)
            AND (@since IS NULL OR started_at >= @since) AND (@until IS NULL OR started_at < @until)
        ORDER BY started_at DESC, id DESC;
        """
    )
    /// Up to `@limit` invocations of an app after the cursor (`@after_started`, `@after_id`; NULL:
    /// from the start), oldest first, passing the optional filters.
    package static let selectInvocationsAfter = SQLStatement(
        "selectInvocationsAfter",
        """
        SELECT TOP (@limit) \(invocationColumns) FROM hearth.invocations
        WHERE app_id = @app_id
            AND (@after_started IS NULL OR started_at > @after_started OR (started_at = @after_started AND id > @after_id))
            AND (@function_name IS NULL OR function_name COLLATE Latin1_General_100_CI_AS = @function_name)
            AND (@status IS NULL OR status = @status)
            AND (@since IS NULL OR started_at >= @since) AND (@until IS NULL OR started_at < @until)
        ORDER BY started_at, id;
        """
    )
    /// Deletes in batches of 5,000 so a large prune neither escalates to a table lock nor waits
    /// for rows a worker is writing (`READPAST`: those go next time).
    package static let pruneInvocations = SQLStatement(
        "pruneInvocations",
        """
        DECLARE @total INT = 0;
        DECLARE @batch INT = 1;
        WHILE @batch > 0
        BEGIN
            DELETE TOP (5000) FROM hearth.invocations WITH (READPAST, ROWLOCK) WHERE started_at < @before;
            SET @batch = @@ROWCOUNT;
            SET @total = @total + @batch;
        END;
        SELECT @total AS affected;
        """
    )

    // MARK: Timers and leases

    /// Claims one timer occurrence unless it is claimed (the key range locked, so exactly one claimant inserts); returns `claimed`, 0 or 1.
    package static let claimTimerOccurrence = SQLStatement(
        "claimTimerOccurrence",
        """
        INSERT INTO hearth.timer_occurrences (app_id, function_name, occurrence, claimed_by, claimed_at)
        SELECT @app_id, @function_name, @occurrence, @owner, @now
        WHERE NOT EXISTS (
            SELECT 1 FROM hearth.timer_occurrences WITH (UPDLOCK, HOLDLOCK)
            WHERE app_id = @app_id AND function_name = @function_name AND occurrence = @occurrence
        );
        SELECT @@ROWCOUNT AS claimed;
        """
    )
    /// Forgets a timer's claims older than `@cutoff` (a day), skipping rows locked by a claim in progress.
    package static let deleteOldTimerOccurrences = SQLStatement(
        "deleteOldTimerOccurrences",
        "DELETE FROM hearth.timer_occurrences WITH (READPAST, ROWLOCK)\nWHERE app_id = @app_id AND function_name = @function_name AND occurrence < @cutoff;"
    )
    /// The schedule status of one timer function, or no row.
    package static let selectTimerStatus = SQLStatement(
        "selectTimerStatus",
        "SELECT last, next, last_updated FROM hearth.timer_status WHERE app_id = @app_id AND function_name = @function_name;"
    )
    /// Inserts or replaces the schedule status of one timer function.
    package static let upsertTimerStatus = SQLStatement(
        "upsertTimerStatus",
        """
        UPDATE hearth.timer_status WITH (UPDLOCK, SERIALIZABLE)
        SET last = @last, next = @next, last_updated = @last_updated
        WHERE app_id = @app_id AND function_name = @function_name;
        IF @@ROWCOUNT = 0
            INSERT INTO hearth.timer_status (app_id, function_name, last, next, last_updated)
            VALUES (@app_id, @function_name, @last, @next, @last_updated);
        """
    )
    /// Takes the lease when it is free, expired or already ours. A lease row another worker has
    /// locked right now is skipped (`READPAST`), and then the insert finds it and gives up.
    package static let acquireLease = SQLStatement(
        "acquireLease",
        """
        UPDATE hearth.leases WITH (READPAST, UPDLOCK, ROWLOCK)
        SET owner = @owner, expires_at = @expires_at
        WHERE name = @name AND (owner = @owner OR expires_at < @now);
        IF @@ROWCOUNT = 1
            SELECT CAST(1 AS BIT) AS acquired;
        ELSE
        BEGIN
            INSERT INTO hearth.leases (name, owner, expires_at)
            SELECT @name, @owner, @expires_at
            WHERE NOT EXISTS (SELECT 1 FROM hearth.leases WITH (UPDLOCK, HOLDLOCK) WHERE name = @name);
            SELECT CAST(@@ROWCOUNT AS BIT) AS acquired;
        END;
        """
    )
    /// Gives up a lease if `@owner` holds it; otherwise deletes nothing.
    package static let releaseLease = SQLStatement("releaseLease", "DELETE FROM hearth.leases WHERE name = @name AND owner = @owner;")

    // MARK: Migration journal and lock

    /// The schema and the journal are created by the migrator before migration 1 (as Flyway creates
    /// its history table); two batches, because a schema must exist before a batch that uses it compiles.
    package static let createSchema = SQLStatement(
        "createSchema",
        "IF SCHEMA_ID(N'hearth') IS NULL\n    EXEC (N'CREATE SCHEMA hearth AUTHORIZATION dbo');"
    )
    /// Creates the migration journal `hearth.schema_history` if it is missing.
    package static let createJournal = SQLStatement(
        "createJournal",
        """
        IF OBJECT_ID(N'hearth.schema_history', N'U') IS NULL
            CREATE TABLE hearth.schema_history (
                version      INT NOT NULL,
                description  NVARCHAR(200) NOT NULL,
                checksum     NVARCHAR(64) NOT NULL,
                applied_by   NVARCHAR(128) NOT NULL,
                applied_at   DATETIME2(3) NOT NULL,
                duration_ms  INT NOT NULL,
                success      BIT NOT NULL,
                CONSTRAINT pk_schema_history PRIMARY KEY (version)
            );
        """
    )
    /// Whether the migration journal exists: one row, `present`.
    package static let journalExists = SQLStatement(
        "journalExists",
        "SELECT CAST(CASE WHEN OBJECT_ID(N'hearth.schema_history', N'U') IS NULL THEN 0 ELSE 1 END AS BIT) AS present;"
    )
    /// Every journal row, by version.
    package static let selectJournal = SQLStatement(
        "selectJournal",
        "SELECT version, description, checksum, applied_by, applied_at, duration_ms, success\nFROM hearth.schema_history ORDER BY version;"
    )
    /// Records a migration's outcome, replacing an earlier failed row of the same version.
    package static let insertJournal = SQLStatement(
        "insertJournal",
        """
        DELETE FROM hearth.schema_history WHERE version = @version AND success = 0;
        INSERT INTO hearth.schema_history (version, description, checksum, applied_by, applied_at, duration_ms, success)
        VALUES (@version, @description, @checksum, SUSER_SNAME(), SYSUTCDATETIME(), @duration_ms, @success);
        """
    )
    /// Each migration's compatibility, recorded beside the journal from migration 0005 on (nothing
    /// before that migration created the table; a missing table is resolved at run time, not compile time).
    package static let selectCompatibility = SQLStatement(
        "selectCompatibility",
        """
        IF OBJECT_ID(N'hearth.schema_compatibility', N'U') IS NOT NULL
            SELECT version, compatibility FROM hearth.schema_compatibility;
        """
    )
    /// Records one migration's compatibility (expand or contract) beside its journal row.
    package static let recordCompatibility = SQLStatement(
        "recordCompatibility",
        """
        IF OBJECT_ID(N'hearth.schema_compatibility', N'U') IS NOT NULL
        BEGIN
            DELETE FROM hearth.schema_compatibility WHERE version = @version;
            INSERT INTO hearth.schema_compatibility (version, compatibility) VALUES (@version, @compatibility);
        END;
        """
    )
    /// `hearth db repair`: removes the journal's failed rows; returns `affected`.
    package static let deleteFailedJournalRows = SQLStatement(
        "deleteFailedJournalRows",
        "DELETE FROM hearth.schema_history WHERE success = 0;\nSELECT @@ROWCOUNT AS affected;"
    )
    /// `hearth db repair`: realigns a journal row's checksum and description with this binary's migration file.
    package static let updateJournalChecksum = SQLStatement(
        "updateJournalChecksum",
        "UPDATE hearth.schema_history SET checksum = @checksum, description = @description WHERE version = @version;"
    )
    /// Session-owned, so it spans the per-migration transactions; `@timeout_ms` 0 fails at once.
    package static let acquireMigrationLock = SQLStatement(
        "acquireMigrationLock",
        """
        DECLARE @result INT;
        EXEC @result = sp_getapplock @Resource = N'hearth.migrate', @LockMode = N'Exclusive', @LockOwner = N'Session', @LockTimeout = @timeout_ms;
        SELECT @result AS result;
        """
    )
    /// Releases the session app lock `hearth.migrate` taken by ``acquireMigrationLock``.
    package static let releaseMigrationLock = SQLStatement(
        "releaseMigrationLock",
        "EXEC sp_releaseapplock @Resource = N'hearth.migrate', @LockOwner = N'Session';"
    )

    // MARK: People (users, memberships, sessions, setup links, failed sign-ins, instance settings)

    static let userColumns =
        "id, issuer, subject, display_name, is_admin, is_disabled, created_at, password_hash, password_changed_at, totp_secret, totp_enabled"
    /// Creates a user; a taken id or (issuer, subject) is a conflict.
    package static let insertUser = SQLStatement(
        "insertUser",
        """
        INSERT INTO hearth.users (\(userColumns))
        VALUES (@id, @issuer, @subject, @display_name, @is_admin, @is_disabled, @created_at, @password_hash, @password_changed_at,
            @totp_secret, @totp_enabled);
        """
    )
    /// The user of one id (`@id`), or no row.
    package static let selectUserByID = SQLStatement("selectUserByID", "SELECT \(userColumns) FROM hearth.users WHERE id = @id;")
    /// The user of one identity (`@issuer`, `@subject`), or no row.
    package static let selectUserByIdentity = SQLStatement(
        "selectUserByIdentity",
        "SELECT \(userColumns) FROM hearth.users WHERE issuer = @issuer AND subject = @subject;"
    )
    /// Every user, by issuer and subject.
    package static let selectUsers = SQLStatement("selectUsers", "SELECT \(userColumns) FROM hearth.users ORDER BY issuer, subject;")
    /// Rewrites a user's names and flags and TOTP secret; returns `affected`, 0 or 1.
    package static let updateUser = SQLStatement(
        "updateUser",
        """
        UPDATE hearth.users
        SET display_name = @display_name, is_admin = @is_admin, is_disabled = @is_disabled, totp_secret = @totp_secret,
            totp_enabled = @totp_enabled
        WHERE id = @id;
        SELECT @@ROWCOUNT AS affected;
        """
    )
    /// Sets only a user's TOTP secret and flag; returns `affected`.
    package static let updateUserTOTP = SQLStatement(
        "updateUserTOTP",
        """
        UPDATE hearth.users SET totp_secret = @totp_secret, totp_enabled = @totp_enabled WHERE id = @id;
        SELECT @@ROWCOUNT AS affected;
        """
    )
    /// Sets only a user's admin and disabled flags (a NULL parameter leaves one); returns `affected`.
    package static let updateUserFlags = SQLStatement(
        "updateUserFlags",
        """
        UPDATE hearth.users SET is_admin = COALESCE(@is_admin, is_admin), is_disabled = COALESCE(@is_disabled, is_disabled)
        WHERE id = @id;
        SELECT @@ROWCOUNT AS affected;
        """
    )
    /// Moves a user's last accepted TOTP step forward to `@step` only when it is later (one
    /// statement, so of two racing uses of one code only one matches); returns `affected`.
    package static let useTOTPStep = SQLStatement(
        "useTOTPStep",
        """
        UPDATE hearth.users SET totp_last_step = @step
        WHERE id = @id AND (totp_last_step IS NULL OR totp_last_step < @step);
        SELECT @@ROWCOUNT AS affected;
        """
    )
    /// Sets a user's password hash and ends the user's sessions; returns `affected` (users), 0 or 1.
    package static let updatePasswordHash = SQLStatement(
        "updatePasswordHash",
        """
        UPDATE hearth.users SET password_hash = @password_hash, password_changed_at = @password_changed_at WHERE id = @id;
        DECLARE @affected INT = @@ROWCOUNT;
        DELETE FROM hearth.web_sessions WHERE user_id = @id;
        SELECT @affected AS affected;
        """
    )
    /// Every user's sealed TOTP secret, for counting and re-sealing under a new master key.
    package static let selectSealedTOTPSecrets = SQLStatement(
        "selectSealedTOTPSecrets",
        "SELECT id, totp_secret FROM hearth.users WHERE totp_secret IS NOT NULL;"
    )
    /// Re-seals one TOTP secret, only while the row still holds `@old_totp_secret`; returns `affected`.
    package static let resealTOTPSecret = SQLStatement(
        "resealTOTPSecret",
        "UPDATE hearth.users SET totp_secret = @totp_secret WHERE id = @id AND totp_secret = @old_totp_secret;\nSELECT @@ROWCOUNT AS affected;"
    )
    /// Deletes a user (memberships, sessions, links and own tokens go by cascade); returns `affected`, 0 or 1.
    package static let deleteUser = SQLStatement("deleteUser", "DELETE FROM hearth.users WHERE id = @id;\nSELECT @@ROWCOUNT AS affected;")

    // MARK: Tenant memberships

    /// Grants `@role` in a tenant or changes it, the key range locked so two writers cannot both insert.
    package static let upsertMembership = SQLStatement(
        "upsertMembership",
        """
        UPDATE hearth.tenant_memberships WITH (UPDLOCK, SERIALIZABLE)
        SET role = @role
        WHERE user_id = @user_id AND tenant_id = @tenant_id;
        IF @@ROWCOUNT = 0
            INSERT INTO hearth.tenant_memberships (user_id, tenant_id, role, created_at)
            VALUES (@user_id, @tenant_id, @role, @created_at);
        """
    )
    /// Takes a user out of a tenant; returns `affected`, 0 or 1.
    package static let deleteMembership = SQLStatement(
        "deleteMembership",
        "DELETE FROM hearth.tenant_memberships WHERE user_id = @user_id AND tenant_id = @tenant_id;\nSELECT @@ROWCOUNT AS affected;"
    )
    /// The memberships of one user, by tenant name.
    package static let selectMembershipsOfUser = SQLStatement(
        "selectMembershipsOfUser",
        """
        SELECT m.user_id, m.tenant_id, m.role, m.created_at
        FROM hearth.tenant_memberships AS m INNER JOIN hearth.tenants AS t ON t.id = m.tenant_id
        WHERE m.user_id = @user_id ORDER BY t.name;
        """
    )
    /// The members of one tenant, by subject.
    package static let selectMembersOfTenant = SQLStatement(
        "selectMembersOfTenant",
        """
        SELECT m.user_id, m.tenant_id, m.role, m.created_at
        FROM hearth.tenant_memberships AS m INNER JOIN hearth.users AS u ON u.id = m.user_id
        WHERE m.tenant_id = @tenant_id ORDER BY u.subject, u.issuer;
        """
    )

    // MARK: Sessions

    static let sessionColumns =
        "id_hash, user_id, created_at, last_seen_at, expires_at, idle_timeout_ms, second_factor_pending, selected_tenant_id, "
        + "client_address, user_agent"
    /// Stores a session; a taken hash is a conflict, an unknown user a missing reference.
    package static let insertSession = SQLStatement(
        "insertSession",
        """
        INSERT INTO hearth.web_sessions (\(sessionColumns))
        VALUES (@id_hash, @user_id, @created_at, @last_seen_at, @expires_at, @idle_timeout_ms, @second_factor_pending,
            @selected_tenant_id, @client_address, @user_agent);
        """
    )
    /// The session of one hash (`@id_hash`), or no row.
    package static let selectSession = SQLStatement(
        "selectSession",
        "SELECT \(sessionColumns) FROM hearth.web_sessions WHERE id_hash = @id_hash;"
    )
    /// The sessions of one user, newest first.
    package static let selectSessionsOfUser = SQLStatement(
        "selectSessionsOfUser",
        "SELECT \(sessionColumns) FROM hearth.web_sessions WHERE user_id = @user_id ORDER BY created_at DESC, id_hash;"
    )
    /// Records a use of a session; returns `affected`, 0 or 1.
    package static let touchSession = SQLStatement(
        "touchSession",
        "UPDATE hearth.web_sessions SET last_seen_at = @last_seen_at WHERE id_hash = @id_hash;\nSELECT @@ROWCOUNT AS affected;"
    )
    /// Rewrites a session's second-factor state and selected tenant; returns `affected`, 0 or 1.
    package static let updateSession = SQLStatement(
        "updateSession",
        """
        UPDATE hearth.web_sessions SET second_factor_pending = @second_factor_pending, selected_tenant_id = @selected_tenant_id
        WHERE id_hash = @id_hash;
        SELECT @@ROWCOUNT AS affected;
        """
    )
    /// Ends one session; returns `affected`, 0 or 1.
    package static let deleteSession = SQLStatement(
        "deleteSession",
        "DELETE FROM hearth.web_sessions WHERE id_hash = @id_hash;\nSELECT @@ROWCOUNT AS affected;"
    )
    /// Ends every session of a user; returns `affected`.
    package static let deleteSessionsOfUser = SQLStatement(
        "deleteSessionsOfUser",
        "DELETE FROM hearth.web_sessions WHERE user_id = @user_id;\nSELECT @@ROWCOUNT AS affected;"
    )
    /// Deletes the sessions past their absolute or idle expiry at `@now`; returns `affected`.
    /// (DATEADD takes an INT: the BIGINT idle timeout is added as days, then milliseconds.)
    package static let deleteExpiredSessions = SQLStatement(
        "deleteExpiredSessions",
        """
        DELETE FROM hearth.web_sessions
        WHERE expires_at <= @now
            OR DATEADD(
                MILLISECOND, CAST(idle_timeout_ms % 86400000 AS INT), DATEADD(DAY, CAST(idle_timeout_ms / 86400000 AS INT), last_seen_at)
            ) <= @now;
        SELECT @@ROWCOUNT AS affected;
        """
    )

    // MARK: Setup links

    /// Stores a setup link; a taken hash is a conflict, an unknown user a missing reference.
    package static let insertSetupLink = SQLStatement(
        "insertSetupLink",
        """
        INSERT INTO hearth.setup_links (token_hash, user_id, created_at, expires_at, used_at)
        VALUES (@token_hash, @user_id, @created_at, @expires_at, @used_at);
        """
    )
    /// Marks an unused, unexpired link used at `@now` and returns it; no row when it was unknown,
    /// used or expired. One statement, so of two racing uses only one matches `used_at IS NULL`.
    package static let consumeSetupLink = SQLStatement(
        "consumeSetupLink",
        """
        UPDATE hearth.setup_links SET used_at = @now
        OUTPUT inserted.token_hash, inserted.user_id, inserted.created_at, inserted.expires_at, inserted.used_at
        WHERE token_hash = @token_hash AND used_at IS NULL AND expires_at > @now;
        """
    )
    /// Deletes a user's unused setup links; returns `affected`.
    package static let deleteUnusedSetupLinksOfUser = SQLStatement(
        "deleteUnusedSetupLinksOfUser",
        "DELETE FROM hearth.setup_links WHERE user_id = @user_id AND used_at IS NULL;\nSELECT @@ROWCOUNT AS affected;"
    )

    // MARK: Failed sign-ins

    /// Records one failed sign-in.
    package static let insertSignInFailure = SQLStatement(
        "insertSignInFailure",
        "INSERT INTO hearth.sign_in_failures (account, address, at) VALUES (@account, @address, @at);"
    )
    /// How many failed sign-ins named `@account` since `@since`: one row, `failures`.
    package static let countSignInFailuresOfAccount = SQLStatement(
        "countSignInFailuresOfAccount",
        "SELECT COUNT(*) AS failures FROM hearth.sign_in_failures WHERE account = @account AND at >= @since;"
    )
    /// How many failed sign-ins came from `@address` since `@since`: one row, `failures`.
    package static let countSignInFailuresOfAddress = SQLStatement(
        "countSignInFailuresOfAddress",
        "SELECT COUNT(*) AS failures FROM hearth.sign_in_failures WHERE address = @address AND at >= @since;"
    )
    /// Takes the transaction app lock `hearth.sign-in` (so attempts are counted one after another,
    /// every management instance alike), then counts the failures of `@account` and of `@address`
    /// since `@since` with the latest of each: one row, `account_failures`, `account_latest`,
    /// `address_failures`, `address_latest`. Runs in the write's transaction, before
    /// ``insertSignInAttempt``; the lock is held until it commits.
    package static let countSignInFailuresForAttempt = SQLStatement(
        "countSignInFailuresForAttempt",
        """
        DECLARE @lock INT;
        EXEC @lock = sp_getapplock @Resource = N'hearth.sign-in', @LockMode = N'Exclusive', @LockOwner = N'Transaction', @LockTimeout = 10000;
        IF @lock < 0 THROW 51000, 'the sign-in throttle lock hearth.sign-in was not granted within 10 seconds', 1;
        SELECT
            (SELECT COUNT(*) FROM hearth.sign_in_failures WHERE account = @account AND at >= @since) AS account_failures,
            (SELECT MAX(at) FROM hearth.sign_in_failures WHERE account = @account AND at >= @since) AS account_latest,
            (SELECT COUNT(*) FROM hearth.sign_in_failures WHERE address = @address AND at >= @since) AS address_failures,
            (SELECT MAX(at) FROM hearth.sign_in_failures WHERE address = @address AND at >= @since) AS address_latest;
        """
    )
    /// Records an admitted attempt as a failure; one row, `seq`, its id.
    package static let insertSignInAttempt = SQLStatement(
        "insertSignInAttempt",
        "INSERT INTO hearth.sign_in_failures (account, address, at) OUTPUT inserted.seq VALUES (@account, @address, @at);"
    )
    /// Forgets one recorded attempt whose check succeeded.
    package static let deleteSignInFailure = SQLStatement(
        "deleteSignInFailure",
        "DELETE FROM hearth.sign_in_failures WHERE seq = @seq;"
    )
    /// Forgets an account's failed sign-ins.
    package static let deleteSignInFailuresOfAccount = SQLStatement(
        "deleteSignInFailuresOfAccount",
        "DELETE FROM hearth.sign_in_failures WHERE account = @account;"
    )
    /// Deletes failed sign-ins before `@before`; returns `affected`.
    package static let pruneSignInFailures = SQLStatement(
        "pruneSignInFailures",
        "DELETE FROM hearth.sign_in_failures WHERE at < @before;\nSELECT @@ROWCOUNT AS affected;"
    )

    // MARK: Users' own tokens

    /// The tokens one user owns, oldest first (then by name).
    package static let selectTokensOfOwner = SQLStatement(
        "selectTokensOfOwner",
        "SELECT \(tokenColumns) FROM hearth.api_tokens WHERE owner_user_id = @owner_user_id ORDER BY created_at, name;"
    )
    /// Deletes a token only if `@owner_user_id` owns it; returns `affected`, 0 or 1.
    package static let deleteTokenOfOwner = SQLStatement(
        "deleteTokenOfOwner",
        "DELETE FROM hearth.api_tokens WHERE id = @id AND owner_user_id = @owner_user_id;\nSELECT @@ROWCOUNT AS affected;"
    )

    // MARK: Instance settings

    /// Every instance setting row.
    package static let selectInstanceSettings = SQLStatement("selectInstanceSettings", "SELECT name, value FROM hearth.instance_settings;")
    /// Deletes one instance setting by `@name`.
    package static let deleteInstanceSetting = SQLStatement(
        "deleteInstanceSetting",
        "DELETE FROM hearth.instance_settings WHERE name = @name;"
    )
    /// Stores one instance setting (after ``deleteInstanceSetting`` in the same transaction).
    package static let insertInstanceSetting = SQLStatement(
        "insertInstanceSetting",
        "INSERT INTO hearth.instance_settings (name, value) VALUES (@name, @value);"
    )

    // MARK: Audit log and factory reset

    static let auditColumns = "id, at, actor_kind, actor_id, actor_name, tenant_id, action, target, address, outcome, detail"
    /// Appends an audit event; a taken id is a conflict. The runtime role may insert but neither
    /// update nor delete audit rows (migration 0006).
    package static let insertAuditEvent = SQLStatement(
        "insertAuditEvent",
        """
        INSERT INTO hearth.audit_log (\(auditColumns))
        VALUES (@id, @at, @actor_kind, @actor_id, @actor_name, @tenant_id, @action, @target, @address, @outcome, @detail);
        """
    )
    /// The newest `@limit` events matching the filters that are not NULL (`@tenant_id`,
    /// `@actor_id`, `@since` inclusive, `@until` exclusive), newest first; recompiled per call so
    /// each combination of filters gets its own plan.
    package static let selectAuditEvents = SQLStatement(
        "selectAuditEvents",
        """
        SELECT TOP (@limit) \(auditColumns) FROM hearth.audit_log
        WHERE (@tenant_id IS NULL OR tenant_id = @tenant_id)
            AND (@actor_id IS NULL OR actor_id = @actor_id)
            AND (@since IS NULL OR at >= @since)
            AND (@until IS NULL OR at < @until)
        ORDER BY at DESC, seq DESC
        OPTION (RECOMPILE);
        """
    )
    /// The first `@limit` events in the order they were appended (export).
    package static let selectAuditPageFirst = SQLStatement(
        "selectAuditPageFirst",
        "SELECT TOP (@limit) \(auditColumns) FROM hearth.audit_log ORDER BY seq;"
    )
    /// The `@limit` events appended after the event `@after` (export); none when `@after` is unknown.
    package static let selectAuditPageAfter = SQLStatement(
        "selectAuditPageAfter",
        """
        SELECT TOP (@limit) \(auditColumns) FROM hearth.audit_log
        WHERE seq > (SELECT a.seq FROM hearth.audit_log AS a WHERE a.id = @after)
        ORDER BY seq;
        """
    )
    /// Deletes audit events before `@before` (every one when NULL) through the procedure of
    /// migration 0006, the only path that may; returns `affected`.
    package static let purgeAuditLog = SQLStatement("purgeAuditLog", "EXEC hearth.purge_audit_log @before = @before;")
    /// Deletes every row of data, children before parents, but the journal, the change counter and
    /// the audit log (the caller then runs ``purgeAuditLog`` with NULL and bumps the counter).
    package static let resetToFactory = SQLStatement(
        "resetToFactory",
        """
        DELETE FROM hearth.queue_messages;
        DELETE FROM hearth.queues;
        DELETE FROM hearth.queue_accounts;
        DELETE FROM hearth.web_sessions;
        DELETE FROM hearth.setup_links;
        DELETE FROM hearth.tenant_memberships;
        DELETE FROM hearth.sign_in_failures;
        DELETE FROM hearth.instance_settings;
        DELETE FROM hearth.api_tokens;
        DELETE FROM hearth.invocations;
        DELETE FROM hearth.timer_occurrences;
        DELETE FROM hearth.timer_status;
        DELETE FROM hearth.leases;
        DELETE FROM hearth.publishing_credentials;
        DELETE FROM hearth.function_keys;
        DELETE FROM hearth.app_settings;
        DELETE FROM hearth.app_host_names;
        DELETE FROM hearth.deployments;
        DELETE FROM hearth.apps;
        DELETE FROM hearth.packages;
        DELETE FROM hearth.tenant_domains;
        DELETE FROM hearth.tenants;
        DELETE FROM hearth.users;
        """
    )

    // MARK: Queues

    static let queueAccountColumns = "id, tenant_id, name, is_default, poison_retention_ms, created_at"
    /// The tenant's default queue account, update-locked and serializable over the key range, so
    /// that two first uses racing wait for each other and create one account, not two.
    package static let selectDefaultQueueAccountForUpdate = SQLStatement(
        "selectDefaultQueueAccountForUpdate",
        "SELECT \(queueAccountColumns) FROM hearth.queue_accounts WITH (UPDLOCK, HOLDLOCK)\nWHERE tenant_id = @tenant_id AND is_default = 1;"
    )
    /// Creates a queue account with its sealed keys; a taken name or id (or a second default) is a conflict.
    package static let insertQueueAccount = SQLStatement(
        "insertQueueAccount",
        """
        INSERT INTO hearth.queue_accounts (id, tenant_id, name, is_default, primary_key, secondary_key, poison_retention_ms, created_at)
        VALUES (@id, @tenant_id, @name, @is_default, @primary_key, @secondary_key, @poison_retention_ms, @created_at);
        """
    )
    /// The queue account of one name, or no row.
    package static let selectQueueAccountByName = SQLStatement(
        "selectQueueAccountByName",
        "SELECT \(queueAccountColumns) FROM hearth.queue_accounts WHERE name = @name;"
    )
    /// The queue account of one id, or no row.
    package static let selectQueueAccountByID = SQLStatement(
        "selectQueueAccountByID",
        "SELECT \(queueAccountColumns) FROM hearth.queue_accounts WHERE id = @id;"
    )
    /// A tenant's queue accounts, by name.
    package static let selectQueueAccountsOfTenant = SQLStatement(
        "selectQueueAccountsOfTenant",
        "SELECT \(queueAccountColumns) FROM hearth.queue_accounts WHERE tenant_id = @tenant_id ORDER BY name;"
    )
    /// A queue account's two sealed keys, or no row.
    package static let selectQueueAccountKeys = SQLStatement(
        "selectQueueAccountKeys",
        "SELECT primary_key, secondary_key FROM hearth.queue_accounts WHERE id = @id;"
    )
    /// Replaces the primary key (sealed); returns `affected`, 0 for an unknown account.
    package static let updateQueueAccountPrimaryKey = SQLStatement(
        "updateQueueAccountPrimaryKey",
        "UPDATE hearth.queue_accounts SET primary_key = @key WHERE id = @id;\nSELECT @@ROWCOUNT AS affected;"
    )
    /// Replaces the secondary key (sealed); returns `affected`, 0 for an unknown account.
    package static let updateQueueAccountSecondaryKey = SQLStatement(
        "updateQueueAccountSecondaryKey",
        "UPDATE hearth.queue_accounts SET secondary_key = @key WHERE id = @id;\nSELECT @@ROWCOUNT AS affected;"
    )
    /// Sets how long poison messages are kept; returns `affected`.
    package static let updateQueueAccountPoisonRetention = SQLStatement(
        "updateQueueAccountPoisonRetention",
        "UPDATE hearth.queue_accounts SET poison_retention_ms = @poison_retention_ms WHERE id = @id;\nSELECT @@ROWCOUNT AS affected;"
    )
    /// Deletes a queue account (its queues and messages go by cascade); returns `affected`.
    package static let deleteQueueAccount = SQLStatement(
        "deleteQueueAccount",
        "DELETE FROM hearth.queue_accounts WHERE id = @id;\nSELECT @@ROWCOUNT AS affected;"
    )
    /// Every account's sealed keys, for re-sealing under a new master key.
    package static let selectSealedQueueAccountKeys = SQLStatement(
        "selectSealedQueueAccountKeys",
        "SELECT id, primary_key, secondary_key FROM hearth.queue_accounts;"
    )
    /// Re-seals the primary key only while it still holds the ciphertext read.
    package static let resealQueueAccountPrimaryKey = SQLStatement(
        "resealQueueAccountPrimaryKey",
        "UPDATE hearth.queue_accounts SET primary_key = @key WHERE id = @id AND primary_key = @old_key;\nSELECT @@ROWCOUNT AS affected;"
    )
    /// Re-seals the secondary key only while it still holds the ciphertext read.
    package static let resealQueueAccountSecondaryKey = SQLStatement(
        "resealQueueAccountSecondaryKey",
        "UPDATE hearth.queue_accounts SET secondary_key = @key WHERE id = @id AND secondary_key = @old_key;\nSELECT @@ROWCOUNT AS affected;"
    )

    static let queueColumns = "id, account_id, name, metadata, created_at"
    /// A queue's metadata before creating it, update-locked and serializable over the name, so two
    /// creators of one name agree on which created it.
    package static let selectQueueMetadataForUpdate = SQLStatement(
        "selectQueueMetadataForUpdate",
        "SELECT metadata FROM hearth.queues WITH (UPDLOCK, HOLDLOCK) WHERE account_id = @account_id AND name = @name;"
    )
    /// Creates a queue; an unknown account fails on the foreign key (not found).
    package static let insertQueue = SQLStatement(
        "insertQueue",
        "INSERT INTO hearth.queues (id, account_id, name, metadata, created_at)\nVALUES (@id, @account_id, @name, @metadata, @created_at);"
    )
    /// The account's queue of one name, or no row.
    package static let selectQueueByName = SQLStatement(
        "selectQueueByName",
        "SELECT \(queueColumns) FROM hearth.queues WHERE account_id = @account_id AND name = @name;"
    )
    /// The queue of one id, or no row.
    package static let selectQueueByID = SQLStatement("selectQueueByID", "SELECT \(queueColumns) FROM hearth.queues WHERE id = @id;")
    /// The account's queues whose names start with `@prefix` (LEFT, so '%' and '_' are plain characters), by name.
    package static let selectQueuesWithPrefix = SQLStatement(
        "selectQueuesWithPrefix",
        "SELECT \(queueColumns) FROM hearth.queues\nWHERE account_id = @account_id AND LEFT(name, LEN(@prefix)) = @prefix\nORDER BY name;"
    )
    /// Replaces a queue's metadata; returns `affected`.
    package static let updateQueueMetadata = SQLStatement(
        "updateQueueMetadata",
        "UPDATE hearth.queues SET metadata = @metadata WHERE id = @id;\nSELECT @@ROWCOUNT AS affected;"
    )
    /// Deletes a queue (its messages go by cascade); returns `affected`.
    package static let deleteQueue = SQLStatement("deleteQueue", "DELETE FROM hearth.queues WHERE id = @id;\nSELECT @@ROWCOUNT AS affected;")

    static let queueMessageColumns = "seq, id, queue_id, body, inserted_at, expires_at, next_visible_at, dequeue_count, pop_receipt"
    /// Puts a message; an unknown queue fails on the foreign key (not found).
    package static let insertQueueMessage = SQLStatement(
        "insertQueueMessage",
        """
        INSERT INTO hearth.queue_messages (id, queue_id, body, inserted_at, expires_at, next_visible_at, dequeue_count, pop_receipt)
        VALUES (@id, @queue_id, @body, @inserted_at, @expires_at, @next_visible_at, 0, @pop_receipt);
        """
    )
    /// Up to `@limit` visible, unexpired messages, oldest first, without taking them. No lock
    /// hints: a peek changes nothing, and may read the last committed version (as it does under
    /// READ_COMMITTED_SNAPSHOT).
    package static let peekQueueMessages = SQLStatement(
        "peekQueueMessages",
        """
        SELECT TOP (@limit) \(queueMessageColumns) FROM hearth.queue_messages
        WHERE queue_id = @queue_id AND next_visible_at <= @now AND expires_at > @now
        ORDER BY next_visible_at, seq;
        """
    )
    /// Takes up to `@limit` visible, unexpired messages, oldest first, in one statement: each is
    /// invisible until `@until`, its dequeue count one higher, with a new pop receipt (NEWID() is
    /// evaluated per row), and returned.
    package static let dequeueQueueMessages = SQLStatement(
        "dequeueQueueMessages",
        """
        WITH taken AS (
            SELECT TOP (@limit) \(queueMessageColumns)
            FROM hearth.queue_messages WITH (
                -- READPAST: skip rows another consumer is taking right now instead of waiting for its
                -- transaction, so concurrent consumers take different messages and never block each other.
                READPAST,
                -- UPDLOCK: read the latest committed row and lock it for update (not the row version
                -- READ_COMMITTED_SNAPSHOT would give), so a message is taken by one consumer only.
                UPDLOCK,
                -- ROWLOCK: lock single rows, never pages or the table, so READPAST skips only the
                -- messages being taken and other consumers still find the rest.
                ROWLOCK
            )
            WHERE queue_id = @queue_id AND next_visible_at <= @now AND expires_at > @now
            ORDER BY next_visible_at, seq
        )
        UPDATE taken
        SET next_visible_at = @until, dequeue_count = dequeue_count + 1, pop_receipt = CONVERT(NVARCHAR(36), NEWID())
        OUTPUT inserted.seq, inserted.id, inserted.queue_id, inserted.body, inserted.inserted_at, inserted.expires_at,
            inserted.next_visible_at, inserted.dequeue_count, inserted.pop_receipt;
        """
    )
    /// A message's latest pop receipt, update-locked (a latest committed read even under
    /// READ_COMMITTED_SNAPSHOT, held to the end of the transaction), so a `get` cannot take the
    /// message between this check and the delete or update that follows; no row when it is gone.
    package static let selectQueueMessageLease = SQLStatement(
        "selectQueueMessageLease",
        "SELECT pop_receipt FROM hearth.queue_messages WITH (UPDLOCK, ROWLOCK) WHERE id = @id AND queue_id = @queue_id;"
    )
    /// Deletes one message (after ``selectQueueMessageLease``).
    package static let deleteQueueMessage = SQLStatement("deleteQueueMessage", "DELETE FROM hearth.queue_messages WHERE id = @id;")
    /// Renews or ends a lease with a new pop receipt (after ``selectQueueMessageLease``).
    package static let updateQueueMessageLease = SQLStatement(
        "updateQueueMessageLease",
        "UPDATE hearth.queue_messages SET next_visible_at = @until, pop_receipt = @pop_receipt WHERE id = @id;"
    )
    /// Renews or ends a lease and replaces the text (after ``selectQueueMessageLease``).
    package static let updateQueueMessageLeaseAndBody = SQLStatement(
        "updateQueueMessageLeaseAndBody",
        "UPDATE hearth.queue_messages SET next_visible_at = @until, pop_receipt = @pop_receipt, body = @body WHERE id = @id;"
    )
    /// Deletes every message of a queue; returns `affected`.
    package static let clearQueueMessages = SQLStatement(
        "clearQueueMessages",
        "DELETE FROM hearth.queue_messages WHERE queue_id = @queue_id;\nSELECT @@ROWCOUNT AS affected;"
    )
    /// How many unexpired messages a queue holds, leased ones included: one row, `messages`.
    package static let countQueueMessages = SQLStatement(
        "countQueueMessages",
        "SELECT COUNT_BIG(*) AS messages FROM hearth.queue_messages WHERE queue_id = @queue_id AND expires_at > @now;"
    )
    /// Every queue's unexpired messages, empty queues with 0 (the depth `/metrics` samples).
    package static let selectQueueDepths = SQLStatement(
        "selectQueueDepths",
        """
        SELECT a.name AS account, q.name AS queue, COUNT_BIG(m.seq) AS messages
        FROM hearth.queues AS q
        INNER JOIN hearth.queue_accounts AS a ON q.account_id = a.id
        LEFT JOIN hearth.queue_messages AS m ON q.id = m.queue_id AND m.expires_at > @now
        GROUP BY q.id, a.name, q.name
        ORDER BY a.name, q.name;
        """
    )
    /// Of the queues in `@queue_ids` (a JSON array of ids), those with a visible, unexpired
    /// message: one seek per queue on ix_queue_messages_visible, stopping at the first match. A
    /// worker's idle poll of all its queues in one statement.
    package static let selectQueuesWithVisibleMessages = SQLStatement(
        "selectQueuesWithVisibleMessages",
        """
        SELECT q.queue_id
        FROM (SELECT DISTINCT TRY_CAST(j.[value] AS UNIQUEIDENTIFIER) AS queue_id FROM OPENJSON(@queue_ids) AS j) AS q
        WHERE EXISTS (
            SELECT 1 FROM hearth.queue_messages AS m
            WHERE m.queue_id = q.queue_id AND m.next_visible_at <= @now AND m.expires_at > @now
        );
        """
    )
    /// Deletes up to `@limit` expired messages (READPAST: one a consumer holds right now is left to
    /// the next purge rather than waited for); returns `affected`.
    package static let purgeExpiredQueueMessages = SQLStatement(
        "purgeExpiredQueueMessages",
        "DELETE TOP (@limit) FROM hearth.queue_messages WITH (READPAST) WHERE expires_at <= @now;\nSELECT @@ROWCOUNT AS affected;"
    )

    // MARK: Fleet

    static let workerColumns = """
        w.id, w.name, w.advertise_url, w.capacity_mb, w.labels, w.version, w.availability, w.time_zone, w.public_key,
            w.credential_hash, w.state, w.registered_at, w.last_heartbeat_at, w.apps_running, w.sandbox_memory_bytes, w.in_flight,
            w.in_flight_by_app,
            (SELECT COUNT(*) FROM hearth.app_placements AS p WHERE p.worker_id = w.id) AS apps_placed
        """
    /// The worker of one name, for a registration or redemption that may write it: update-locked
    /// so a revocation or another registration of the name waits, and HOLDLOCK (serializable on
    /// the key) so two first registrations of a new name cannot both see it free.
    package static let selectWorkerForUpdate = SQLStatement(
        "selectWorkerForUpdate",
        "SELECT id, state, credential_hash FROM hearth.workers WITH (UPDLOCK, HOLDLOCK) WHERE name = @name;"
    )
    /// Creates a worker (state ready, load idle); a taken name fails on the unique key (a conflict).
    package static let insertWorker = SQLStatement(
        "insertWorker",
        """
        INSERT INTO hearth.workers (id, name, advertise_url, capacity_mb, labels, version, availability, time_zone, public_key,
            credential_hash, state, registered_at, last_heartbeat_at)
        VALUES (@id, @name, @advertise_url, @capacity_mb, @labels, @version, @availability, @time_zone, @public_key,
            @credential_hash, N'ready', @now, @now);
        """
    )
    /// A registration at a worker's start: what it says about itself, heard from now, idle (a NULL
    /// `@public_key` keeps the stored one).
    package static let updateWorkerRegistration = SQLStatement(
        "updateWorkerRegistration",
        """
        UPDATE hearth.workers
        SET advertise_url = @advertise_url, capacity_mb = @capacity_mb, labels = @labels, version = @version,
            availability = @availability, time_zone = @time_zone, public_key = COALESCE(@public_key, public_key),
            last_heartbeat_at = @now, apps_running = 0, sandbox_memory_bytes = 0, in_flight = 0, in_flight_by_app = NULL
        WHERE id = @id;
        """
    )
    /// A redemption taking a name over (a worker without a credential, or revoked): new
    /// registration and credential, ready, heard from now.
    package static let updateWorkerEnrolment = SQLStatement(
        "updateWorkerEnrolment",
        """
        UPDATE hearth.workers
        SET advertise_url = @advertise_url, capacity_mb = @capacity_mb, labels = @labels, version = @version,
            availability = @availability, time_zone = @time_zone, public_key = @public_key, credential_hash = @credential_hash,
            state = N'ready', last_heartbeat_at = @now, apps_running = 0, sandbox_memory_bytes = 0, in_flight = 0,
            in_flight_by_app = NULL
        WHERE id = @id;
        """
    )
    /// A worker's state and credential for its heartbeat, update-locked (ROWLOCK: this row only) so
    /// a revocation committed before it is seen and one made during it waits for the heartbeat.
    package static let selectWorkerForHeartbeat = SQLStatement(
        "selectWorkerForHeartbeat",
        "SELECT state, credential_hash FROM hearth.workers WITH (UPDLOCK, ROWLOCK) WHERE id = @id;"
    )
    /// Records a heartbeat (after ``selectWorkerForHeartbeat``).
    package static let updateWorkerHeartbeat = SQLStatement(
        "updateWorkerHeartbeat",
        """
        UPDATE hearth.workers
        SET last_heartbeat_at = @now, apps_running = @apps_running, sandbox_memory_bytes = @sandbox_memory_bytes, in_flight = @in_flight,
            in_flight_by_app = @in_flight_by_app
        WHERE id = @id;
        """
    )
    /// Every worker with its placement count, by name.
    package static let selectWorkers = SQLStatement("selectWorkers", "SELECT \(workerColumns) FROM hearth.workers AS w ORDER BY w.name;")
    /// The worker of one name with its placement count, or no row.
    package static let selectWorkerByName = SQLStatement(
        "selectWorkerByName",
        "SELECT \(workerColumns) FROM hearth.workers AS w WHERE w.name = @name;"
    )
    /// Revokes a worker and removes its placements; returns `affected` (workers), 0 or 1.
    package static let revokeWorker = SQLStatement(
        "revokeWorker",
        """
        DECLARE @id UNIQUEIDENTIFIER = (SELECT id FROM hearth.workers WHERE name = @name);
        UPDATE hearth.workers SET state = N'revoked' WHERE id = @id;
        DECLARE @affected INT = @@ROWCOUNT;
        DELETE FROM hearth.app_placements WHERE worker_id = @id;
        DELETE FROM hearth.app_key_wraps WHERE worker_id = @id;
        DELETE FROM hearth.fleet_key_wraps WHERE worker_id = @id;
        SELECT @affected AS affected;
        """
    )
    /// Sets an unrevoked worker draining or ready; returns `affected`, 0 or 1.
    package static let updateWorkerDraining = SQLStatement(
        "updateWorkerDraining",
        "UPDATE hearth.workers SET state = @state WHERE name = @name AND state <> N'revoked';\nSELECT @@ROWCOUNT AS affected;"
    )
    /// Keeps a new enrolment token's hash; a kept hash fails on the key (a conflict).
    package static let insertEnrolmentToken = SQLStatement(
        "insertEnrolmentToken",
        """
        INSERT INTO hearth.worker_enrolment_tokens (token_hash, created_by, created_at, expires_at)
        VALUES (@token_hash, @created_by, @created_at, @expires_at);
        """
    )
    /// A token for redemption, update-locked (ROWLOCK: this token only): of two redemptions of one
    /// token the second waits and then sees it used.
    package static let selectEnrolmentTokenForUpdate = SQLStatement(
        "selectEnrolmentTokenForUpdate",
        "SELECT expires_at, used_at FROM hearth.worker_enrolment_tokens WITH (UPDLOCK, ROWLOCK) WHERE token_hash = @token_hash;"
    )
    /// Marks a token used by a worker (after ``selectEnrolmentTokenForUpdate``).
    package static let useEnrolmentToken = SQLStatement(
        "useEnrolmentToken",
        """
        UPDATE hearth.worker_enrolment_tokens SET used_at = @now, used_by_worker_id = @worker_id
        WHERE token_hash = @token_hash AND used_at IS NULL;
        """
    )
    /// The apps placed on a worker, by app id.
    package static let selectPlacementsOfWorker = SQLStatement(
        "selectPlacementsOfWorker",
        "SELECT app_id, worker_id, placed_at FROM hearth.app_placements WHERE worker_id = @worker_id ORDER BY app_id;"
    )
    /// Every placement, by worker id then app id.
    package static let selectAllPlacements = SQLStatement(
        "selectAllPlacements",
        "SELECT app_id, worker_id, placed_at FROM hearth.app_placements ORDER BY worker_id, app_id;"
    )
    /// The workers an app is placed on, by worker id.
    package static let selectPlacementsOfApp = SQLStatement(
        "selectPlacementsOfApp",
        "SELECT app_id, worker_id, placed_at FROM hearth.app_placements WHERE app_id = @app_id ORDER BY worker_id;"
    )
    /// An app's placements before they are replaced: update-locked and HOLDLOCK (serializable over
    /// the app's key range) so two replacements of one app's set run one after the other.
    package static let selectPlacementsOfAppForUpdate = SQLStatement(
        "selectPlacementsOfAppForUpdate",
        "SELECT worker_id FROM hearth.app_placements WITH (UPDLOCK, HOLDLOCK) WHERE app_id = @app_id;"
    )
    /// Removes one placement.
    package static let deletePlacement = SQLStatement(
        "deletePlacement",
        "DELETE FROM hearth.app_placements WHERE app_id = @app_id AND worker_id = @worker_id;"
    )
    /// Adds one placement; an unknown app or worker fails on the foreign key (not found).
    package static let insertPlacement = SQLStatement(
        "insertPlacement",
        "INSERT INTO hearth.app_placements (app_id, worker_id, placed_at) VALUES (@app_id, @worker_id, @placed_at);"
    )

    // MARK: Apps' data keys and their wraps for workers (migration 0013)

    /// An app's data key under one master key (`sealed_key`), or no row.
    package static let selectDataKey = SQLStatement(
        "selectDataKey",
        "SELECT sealed_key FROM hearth.app_data_keys WHERE app_id = @app_id AND key_id = @key_id;"
    )
    /// Every data key of an app, by master key id.
    package static let selectDataKeysOfApp = SQLStatement(
        "selectDataKeysOfApp",
        "SELECT key_id, sealed_key FROM hearth.app_data_keys WHERE app_id = @app_id ORDER BY key_id;"
    )
    /// Adds an app's data key unless it has one for that master key (a concurrent writer's stays).
    package static let insertDataKeyIfAbsent = SQLStatement(
        "insertDataKeyIfAbsent",
        """
        INSERT INTO hearth.app_data_keys (app_id, key_id, sealed_key, created_at)
        SELECT @app_id, @key_id, @sealed_key, @created_at
        WHERE NOT EXISTS (
            SELECT 1 FROM hearth.app_data_keys WITH (UPDLOCK, HOLDLOCK) WHERE app_id = @app_id AND key_id = @key_id
        );
        """
    )
    /// The workers an app is placed on that registered a public key.
    package static let selectPlacedWorkerKeys = SQLStatement(
        "selectPlacedWorkerKeys",
        """
        SELECT w.id, w.public_key
        FROM hearth.app_placements AS p
        INNER JOIN hearth.workers AS w ON w.id = p.worker_id
        WHERE p.app_id = @app_id AND w.public_key IS NOT NULL
        ORDER BY w.id;
        """
    )
    /// A worker's public key (NULL or no row: none).
    package static let selectWorkerPublicKey = SQLStatement(
        "selectWorkerPublicKey",
        "SELECT public_key FROM hearth.workers WHERE id = @worker_id;"
    )
    /// The wrap of an app's data key for the unrevoked worker that registered `@public_key`.
    package static let selectKeyWrapOfWorkerKey = SQLStatement(
        "selectKeyWrapOfWorkerKey",
        """
        SELECT TOP (1) k.worker_id, k.enc, k.ciphertext
        FROM hearth.app_key_wraps AS k
        INNER JOIN hearth.workers AS w ON w.id = k.worker_id
        WHERE k.app_id = @app_id AND k.key_id = @key_id AND w.public_key = @public_key AND w.state <> N'revoked'
        ORDER BY k.worker_id;
        """
    )
    /// Replaces the wrap of an app's data key for one worker.
    package static let replaceKeyWrap = SQLStatement(
        "replaceKeyWrap",
        """
        DELETE FROM hearth.app_key_wraps WHERE app_id = @app_id AND worker_id = @worker_id AND key_id = @key_id;
        INSERT INTO hearth.app_key_wraps (app_id, worker_id, key_id, enc, ciphertext, created_at)
        VALUES (@app_id, @worker_id, @key_id, @enc, @ciphertext, @created_at);
        """
    )
    /// Removes the wraps of an app's data keys for one worker (the app left it).
    package static let deleteKeyWraps = SQLStatement(
        "deleteKeyWraps",
        "DELETE FROM hearth.app_key_wraps WHERE app_id = @app_id AND worker_id = @worker_id;"
    )
    /// The newest wrap of the fleet forwarding key for the unrevoked worker that registered
    /// `@public_key`, made for that key.
    package static let selectForwardingWrapOfWorkerKey = SQLStatement(
        "selectForwardingWrapOfWorkerKey",
        """
        SELECT TOP (1) k.worker_id, k.key_id, k.enc, k.ciphertext
        FROM hearth.fleet_key_wraps AS k
        INNER JOIN hearth.workers AS w ON w.id = k.worker_id
        WHERE w.public_key = @public_key AND k.public_key = w.public_key AND w.state <> N'revoked'
        ORDER BY k.created_at DESC, k.key_id;
        """
    )
    /// The unrevoked workers with a public key and no forwarding key wrap for it under `@key_id`.
    package static let selectWorkersWithoutForwardingWrap = SQLStatement(
        "selectWorkersWithoutForwardingWrap",
        """
        SELECT w.id, w.public_key
        FROM hearth.workers AS w WITH (UPDLOCK)
        WHERE w.public_key IS NOT NULL AND w.state <> N'revoked' AND NOT EXISTS (
            SELECT 1 FROM hearth.fleet_key_wraps AS k
            WHERE k.worker_id = w.id AND k.key_id = @key_id AND k.public_key = w.public_key)
        ORDER BY w.id;
        """
    )
    /// Replaces the forwarding key wrap of one worker under one master key id.
    package static let replaceForwardingWrap = SQLStatement(
        "replaceForwardingWrap",
        """
        DELETE FROM hearth.fleet_key_wraps WHERE worker_id = @worker_id AND key_id = @key_id;
        INSERT INTO hearth.fleet_key_wraps (worker_id, key_id, public_key, enc, ciphertext, created_at)
        VALUES (@worker_id, @key_id, @public_key, @enc, @ciphertext, @created_at);
        """
    )

    /// Every statement above, for tests and `hearth db statements`.
    package static let all: [SQLStatement] = [
        beginTransaction, commitTransaction, rollbackTransaction, ping, bumpChangeCounter, changeVersion,
        insertTenant, selectTenants, selectTenantByName, selectTenantByID, deleteTenant,
        selectTenantDomains, selectTenantDomainsOfTenant, selectOverlappingTenantDomain, insertTenantDomain, deleteTenantDomain,
        insertApp, insertHostName, deleteHostNamesOfApp, disableHostName, deleteDisabledHostName, selectDisabledHostNames,
        selectDisabledHostNamesOfApp, selectApps, selectAppsOfTenant, selectAppByName, selectAppByID,
        selectAppByHostName, selectHostNamesOfApp, selectAllHostNames, deleteApp, deleteUnreferencedPackages, updateAppStatus,
        selectAppStatus, selectAppStatuses,
        insertPackage, selectPackage, insertDeployment, updateDeployment, selectDeploymentsOfApp, selectDeployment, selectActiveDeployments,
        selectDeploymentForActivation, updateActiveDeployment, updateActiveDeploymentIfExpected,
        selectSettings, selectSettingsOfApps, upsertSetting, deleteSetting, selectKeys, upsertKey, deleteKey,
        selectSealedSettings, selectSealedKeys, selectSealedPublishingPasswords, resealSetting, resealKey, resealPublishingPassword,
        selectPublishingCredentials, upsertPublishingCredentials, insertPublishingCredentialsIfAbsent,
        insertToken, selectTokenByHash, selectTokens, deleteToken,
        upsertInvocation, selectInvocations, selectInvocationsOfFunction, selectInvocation, pruneInvocations, abandonInvocations,
        selectInvocationStatusForUpdate, addInvocationStats, countAbandonedInvocations, pruneInvocationStats,
        selectInvocationTotals, selectInvocationStats, selectInvocationsFiltered, selectInvocationsAfter,
        claimTimerOccurrence, deleteOldTimerOccurrences, selectTimerStatus, upsertTimerStatus, acquireLease, releaseLease,
        createSchema, createJournal, journalExists, selectJournal, insertJournal, selectCompatibility, recordCompatibility,
        deleteFailedJournalRows, updateJournalChecksum,
        acquireMigrationLock, releaseMigrationLock,
        insertUser, selectUserByID, selectUserByIdentity, selectUsers, updateUser, updateUserTOTP, updateUserFlags, useTOTPStep, updatePasswordHash,
        deleteUser,
        selectSealedTOTPSecrets, resealTOTPSecret,
        upsertMembership, deleteMembership, selectMembershipsOfUser, selectMembersOfTenant,
        insertSession, selectSession, selectSessionsOfUser, touchSession, updateSession, deleteSession, deleteSessionsOfUser,
        deleteExpiredSessions,
        insertSetupLink, consumeSetupLink, deleteUnusedSetupLinksOfUser,
        insertSignInFailure, countSignInFailuresOfAccount, countSignInFailuresOfAddress, deleteSignInFailuresOfAccount, pruneSignInFailures,
        countSignInFailuresForAttempt, insertSignInAttempt, deleteSignInFailure,
        selectTokensOfOwner, deleteTokenOfOwner,
        selectInstanceSettings, deleteInstanceSetting, insertInstanceSetting,
        insertAuditEvent, selectAuditEvents, selectAuditPageFirst, selectAuditPageAfter, purgeAuditLog, resetToFactory,
        selectDefaultQueueAccountForUpdate, insertQueueAccount, selectQueueAccountByName, selectQueueAccountByID, selectQueueAccountsOfTenant,
        selectQueueAccountKeys, updateQueueAccountPrimaryKey, updateQueueAccountSecondaryKey, updateQueueAccountPoisonRetention,
        deleteQueueAccount, selectSealedQueueAccountKeys, resealQueueAccountPrimaryKey, resealQueueAccountSecondaryKey,
        selectQueueMetadataForUpdate, insertQueue, selectQueueByName, selectQueueByID, selectQueuesWithPrefix, updateQueueMetadata, deleteQueue,
        insertQueueMessage, peekQueueMessages, dequeueQueueMessages, selectQueueMessageLease, deleteQueueMessage, updateQueueMessageLease,
        updateQueueMessageLeaseAndBody, clearQueueMessages, countQueueMessages, selectQueuesWithVisibleMessages, purgeExpiredQueueMessages,
        selectWorkerForUpdate, insertWorker, updateWorkerRegistration, updateWorkerEnrolment, selectWorkerForHeartbeat, updateWorkerHeartbeat,
        selectWorkers, selectWorkerByName, revokeWorker, updateWorkerDraining, insertEnrolmentToken, selectEnrolmentTokenForUpdate,
        useEnrolmentToken, selectPlacementsOfWorker, selectPlacementsOfApp, selectAllPlacements, selectPlacementsOfAppForUpdate, deletePlacement,
        insertPlacement,
        selectQueueDepths,
        selectDataKey, selectDataKeysOfApp, insertDataKeyIfAbsent, selectPlacedWorkerKeys, selectWorkerPublicKey, selectKeyWrapOfWorkerKey,
        replaceKeyWrap, deleteKeyWraps, selectForwardingWrapOfWorkerKey, selectWorkersWithoutForwardingWrap, replaceForwardingWrap,
    ]
}
