/// Every statement the SQL Server backend issues, in one place a test can enumerate.
///
/// Locking: leases take rows with `READPAST, UPDLOCK, ROWLOCK` (a lease another worker is taking
/// right now is skipped, not waited for); upserts use `UPDLOCK, SERIALIZABLE` on the key so two
/// writers cannot both insert; `hearth db migrate` serialises migrators with `sp_getapplock`.
public enum SQLServerStatements {
    // MARK: Transactions and health

    public static let beginTransaction = SQLStatement("beginTransaction", "SET XACT_ABORT ON;\nBEGIN TRANSACTION;")
    public static let commitTransaction = SQLStatement("commitTransaction", "COMMIT TRANSACTION;")
    public static let rollbackTransaction = SQLStatement("rollbackTransaction", "IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION;")
    public static let ping = SQLStatement("ping", "SELECT 1 AS ok;")
    public static let bumpChangeCounter = SQLStatement("bumpChangeCounter", "UPDATE hearth.change_counter SET version = version + 1 WHERE id = 1;")
    public static let changeVersion = SQLStatement("changeVersion", "SELECT version FROM hearth.change_counter WHERE id = 1;")

    // MARK: Tenants

    public static let insertTenant = SQLStatement(
        "insertTenant", "INSERT INTO hearth.tenants (id, name, created_at) VALUES (@id, @name, @created_at);")
    public static let selectTenants = SQLStatement("selectTenants", "SELECT id, name, created_at FROM hearth.tenants ORDER BY name;")
    public static let selectTenantByName = SQLStatement(
        "selectTenantByName", "SELECT id, name, created_at FROM hearth.tenants WHERE name = @name;")
    public static let selectTenantByID = SQLStatement("selectTenantByID", "SELECT id, name, created_at FROM hearth.tenants WHERE id = @id;")
    public static let deleteTenant = SQLStatement("deleteTenant", "DELETE FROM hearth.tenants WHERE id = @id;\nSELECT @@ROWCOUNT AS affected;")

    // MARK: Tenant domains

    public static let selectTenantDomains = SQLStatement(
        "selectTenantDomains", "SELECT suffix, tenant_id, created_at FROM hearth.tenant_domains ORDER BY suffix;")
    public static let selectTenantDomainsOfTenant = SQLStatement(
        "selectTenantDomainsOfTenant", "SELECT suffix, tenant_id, created_at FROM hearth.tenant_domains WHERE tenant_id = @tenant_id ORDER BY suffix;")
    /// Serializable over the predicate (HOLDLOCK) and update-locked: a grant being made at the same
    /// time waits, so two overlapping grants cannot both see the table free.
    public static let selectOverlappingTenantDomain = SQLStatement(
        "selectOverlappingTenantDomain",
        "SELECT TOP (1) suffix FROM hearth.tenant_domains WITH (UPDLOCK, HOLDLOCK)\nWHERE tenant_id <> @tenant_id\n    AND (suffix = @suffix OR @suffix LIKE N'%.' + suffix OR suffix LIKE N'%.' + @suffix);")
    public static let insertTenantDomain = SQLStatement(
        "insertTenantDomain", "INSERT INTO hearth.tenant_domains (suffix, tenant_id, created_at) VALUES (@suffix, @tenant_id, @created_at);")
    public static let deleteTenantDomain = SQLStatement(
        "deleteTenantDomain", "DELETE FROM hearth.tenant_domains WHERE tenant_id = @tenant_id AND suffix = @suffix;\nSELECT @@ROWCOUNT AS affected;")

    // MARK: Apps

    static let appColumns = "a.id, a.tenant_id, a.name, a.active_deployment_id, a.created_at"
    public static let insertApp = SQLStatement(
        "insertApp",
        "INSERT INTO hearth.apps (id, tenant_id, name, active_deployment_id, created_at)\nVALUES (@id, @tenant_id, @name, @active_deployment_id, @created_at);")
    public static let insertHostName = SQLStatement(
        "insertHostName", "INSERT INTO hearth.app_host_names (host_name, app_id) VALUES (@host_name, @app_id);")
    public static let deleteHostNamesOfApp = SQLStatement("deleteHostNamesOfApp", "DELETE FROM hearth.app_host_names WHERE app_id = @app_id;")
    public static let selectApps = SQLStatement("selectApps", "SELECT \(appColumns) FROM hearth.apps AS a ORDER BY a.name;")
    public static let selectAppsOfTenant = SQLStatement(
        "selectAppsOfTenant", "SELECT \(appColumns) FROM hearth.apps AS a WHERE a.tenant_id = @tenant_id ORDER BY a.name;")
    public static let selectAppByName = SQLStatement("selectAppByName", "SELECT \(appColumns) FROM hearth.apps AS a WHERE a.name = @name;")
    public static let selectAppByID = SQLStatement("selectAppByID", "SELECT \(appColumns) FROM hearth.apps AS a WHERE a.id = @id;")
    public static let selectAppByHostName = SQLStatement(
        "selectAppByHostName",
        "SELECT \(appColumns) FROM hearth.apps AS a\nINNER JOIN hearth.app_host_names AS h ON h.app_id = a.id\nWHERE h.host_name = @host_name AND h.disabled_reason IS NULL;")
    public static let selectHostNamesOfApp = SQLStatement(
        "selectHostNamesOfApp", "SELECT host_name FROM hearth.app_host_names WHERE app_id = @app_id AND disabled_reason IS NULL ORDER BY host_name;")
    public static let selectAllHostNames = SQLStatement(
        "selectAllHostNames", "SELECT app_id, host_name FROM hearth.app_host_names WHERE disabled_reason IS NULL ORDER BY host_name;")
    public static let disableHostName = SQLStatement(
        "disableHostName",
        "UPDATE hearth.app_host_names SET disabled_reason = @reason WHERE host_name = @host_name;\nSELECT @@ROWCOUNT AS affected;")
    public static let deleteDisabledHostName = SQLStatement(
        "deleteDisabledHostName", "DELETE FROM hearth.app_host_names WHERE host_name = @host_name AND disabled_reason IS NOT NULL;")
    public static let selectDisabledHostNames = SQLStatement(
        "selectDisabledHostNames",
        "SELECT app_id, host_name, disabled_reason FROM hearth.app_host_names WHERE disabled_reason IS NOT NULL ORDER BY host_name;")
    public static let selectDisabledHostNamesOfApp = SQLStatement(
        "selectDisabledHostNamesOfApp",
        "SELECT app_id, host_name, disabled_reason FROM hearth.app_host_names\nWHERE disabled_reason IS NOT NULL AND app_id = @app_id ORDER BY host_name;")
    public static let deleteApp = SQLStatement("deleteApp", "DELETE FROM hearth.apps WHERE id = @id;\nSELECT @@ROWCOUNT AS affected;")
    public static let deleteUnreferencedPackages = SQLStatement(
        "deleteUnreferencedPackages",
        "DELETE p FROM hearth.packages AS p\nWHERE p.sha256 <> @keep_sha256\n    AND NOT EXISTS (SELECT 1 FROM hearth.deployments AS d WHERE d.package_sha256 = p.sha256);")
    public static let updateAppStatus = SQLStatement(
        "updateAppStatus",
        "UPDATE hearth.apps\nSET status_state = @state, status_reason = @reason, status_worker_id = @worker_id, status_updated_at = @updated_at\nWHERE id = @id;")
    public static let selectAppStatus = SQLStatement(
        "selectAppStatus", "SELECT status_state, status_reason, status_worker_id, status_updated_at FROM hearth.apps WHERE id = @id;")

    // MARK: Packages and deployments

    public static let insertPackage = SQLStatement(
        "insertPackage",
        """
        IF NOT EXISTS (SELECT 1 FROM hearth.packages WITH (UPDLOCK, HOLDLOCK) WHERE sha256 = @sha256)
            INSERT INTO hearth.packages (sha256, size, content, created_at) VALUES (@sha256, @size, @content, @created_at);
        """)
    public static let selectPackage = SQLStatement("selectPackage", "SELECT content FROM hearth.packages WHERE sha256 = @sha256;")
    static let deploymentColumns = "id, app_id, package_sha256, package_size, status, message, author, function_names, log, created_at, completed_at"
    public static let insertDeployment = SQLStatement(
        "insertDeployment",
        """
        INSERT INTO hearth.deployments (\(deploymentColumns))
        VALUES (@id, @app_id, @package_sha256, @package_size, @status, @message, @author, @function_names, @log, @created_at, @completed_at);
        """)
    public static let updateDeployment = SQLStatement(
        "updateDeployment",
        """
        UPDATE hearth.deployments
        SET status = @status, message = @message, author = @author, function_names = @function_names, log = @log, completed_at = @completed_at,
            package_sha256 = @package_sha256, package_size = @package_size
        WHERE id = @id;
        SELECT @@ROWCOUNT AS affected;
        """)
    public static let selectDeploymentsOfApp = SQLStatement(
        "selectDeploymentsOfApp", "SELECT \(deploymentColumns) FROM hearth.deployments WHERE app_id = @app_id ORDER BY created_at DESC, seq DESC;")
    public static let selectDeployment = SQLStatement("selectDeployment", "SELECT \(deploymentColumns) FROM hearth.deployments WHERE id = @id;")
    public static let selectDeploymentForActivation = SQLStatement(
        "selectDeploymentForActivation", "SELECT app_id, status FROM hearth.deployments WITH (UPDLOCK, ROWLOCK) WHERE id = @id;")
    public static let updateActiveDeployment = SQLStatement(
        "updateActiveDeployment", "UPDATE hearth.apps SET active_deployment_id = @deployment_id WHERE id = @app_id;")

    // MARK: Settings and keys

    public static let selectSettings = SQLStatement(
        "selectSettings", "SELECT name, value, is_secret, updated_at FROM hearth.app_settings WHERE app_id = @app_id ORDER BY name;")
    public static let upsertSetting = SQLStatement(
        "upsertSetting",
        """
        UPDATE hearth.app_settings WITH (UPDLOCK, SERIALIZABLE)
        SET value = @value, is_secret = @is_secret, updated_at = @updated_at
        WHERE app_id = @app_id AND name = @name;
        IF @@ROWCOUNT = 0
            INSERT INTO hearth.app_settings (app_id, name, value, is_secret, updated_at)
            VALUES (@app_id, @name, @value, @is_secret, @updated_at);
        """)
    public static let deleteSetting = SQLStatement(
        "deleteSetting", "DELETE FROM hearth.app_settings WHERE app_id = @app_id AND name = @name;\nSELECT @@ROWCOUNT AS affected;")
    public static let selectKeys = SQLStatement(
        "selectKeys",
        "SELECT scope, function_name, name, value, created_at, updated_at FROM hearth.function_keys\nWHERE app_id = @app_id ORDER BY scope, function_name, name;")
    public static let upsertKey = SQLStatement(
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
        """)
    public static let deleteKey = SQLStatement(
        "deleteKey",
        "DELETE FROM hearth.function_keys\nWHERE app_id = @app_id AND scope = @scope AND function_name = @function_name AND name = @name;\nSELECT @@ROWCOUNT AS affected;")

    // MARK: Publishing credentials

    // MARK: Re-sealing secrets under a new master key (each update only while the row holds the old ciphertext)

    public static let selectSealedSettings = SQLStatement(
        "selectSealedSettings", "SELECT app_id, name, value FROM hearth.app_settings WHERE is_secret = 1;")
    public static let selectSealedKeys = SQLStatement(
        "selectSealedKeys", "SELECT app_id, scope, function_name, name, value FROM hearth.function_keys;")
    public static let selectSealedPublishingPasswords = SQLStatement(
        "selectSealedPublishingPasswords", "SELECT app_id, password FROM hearth.publishing_credentials;")
    public static let resealSetting = SQLStatement(
        "resealSetting",
        "UPDATE hearth.app_settings SET value = @value\nWHERE app_id = @app_id AND name = @name AND value = @old_value;\nSELECT @@ROWCOUNT AS affected;")
    public static let resealKey = SQLStatement(
        "resealKey",
        "UPDATE hearth.function_keys SET value = @value\nWHERE app_id = @app_id AND scope = @scope AND function_name = @function_name AND name = @name\n    AND value = @old_value;\nSELECT @@ROWCOUNT AS affected;")
    public static let resealPublishingPassword = SQLStatement(
        "resealPublishingPassword",
        "UPDATE hearth.publishing_credentials SET password = @password\nWHERE app_id = @app_id AND password = @old_password;\nSELECT @@ROWCOUNT AS affected;")

    public static let selectPublishingCredentials = SQLStatement(
        "selectPublishingCredentials", "SELECT user_name, password, updated_at FROM hearth.publishing_credentials WHERE app_id = @app_id;")
    public static let upsertPublishingCredentials = SQLStatement(
        "upsertPublishingCredentials",
        """
        UPDATE hearth.publishing_credentials WITH (UPDLOCK, SERIALIZABLE)
        SET user_name = @user_name, password = @password, updated_at = @updated_at
        WHERE app_id = @app_id;
        IF @@ROWCOUNT = 0
            INSERT INTO hearth.publishing_credentials (app_id, user_name, password, updated_at)
            VALUES (@app_id, @user_name, @password, @updated_at);
        SELECT CAST(1 AS BIT) AS written;
        """)
    public static let insertPublishingCredentialsIfAbsent = SQLStatement(
        "insertPublishingCredentialsIfAbsent",
        """
        INSERT INTO hearth.publishing_credentials (app_id, user_name, password, updated_at)
        SELECT @app_id, @user_name, @password, @updated_at
        WHERE NOT EXISTS (SELECT 1 FROM hearth.publishing_credentials WITH (UPDLOCK, HOLDLOCK) WHERE app_id = @app_id);
        SELECT CAST(@@ROWCOUNT AS BIT) AS written;
        """)

    // MARK: API tokens

    static let tokenColumns = "id, name, role, tenant_id, created_at"
    public static let insertToken = SQLStatement(
        "insertToken",
        "INSERT INTO hearth.api_tokens (id, name, token_hash, role, tenant_id, created_at)\nVALUES (@id, @name, @token_hash, @role, @tenant_id, @created_at);")
    public static let selectTokenByHash = SQLStatement(
        "selectTokenByHash", "SELECT \(tokenColumns) FROM hearth.api_tokens WHERE token_hash = @token_hash;")
    public static let selectTokens = SQLStatement("selectTokens", "SELECT \(tokenColumns) FROM hearth.api_tokens ORDER BY created_at, name;")
    public static let deleteToken = SQLStatement("deleteToken", "DELETE FROM hearth.api_tokens WHERE id = @id;\nSELECT @@ROWCOUNT AS affected;")

    // MARK: Invocation log

    static let invocationColumns = "id, app_id, function_name, trigger_kind, started_at, duration_ms, status, error, logs, worker_id, worker_instance"
    public static let upsertInvocation = SQLStatement(
        "upsertInvocation",
        """
        UPDATE hearth.invocations WITH (UPDLOCK, SERIALIZABLE)
        SET duration_ms = @duration_ms, status = @status, error = @error, logs = @logs
        WHERE id = @id;
        IF @@ROWCOUNT = 0
            INSERT INTO hearth.invocations (\(invocationColumns))
            SELECT @id, @app_id, @function_name, @trigger_kind, @started_at, @duration_ms, @status, @error, @logs, @worker_id, @worker_instance
            WHERE EXISTS (SELECT 1 FROM hearth.apps WHERE id = @app_id);
        """)
    public static let selectInvocations = SQLStatement(
        "selectInvocations",
        "SELECT TOP (@limit) \(invocationColumns) FROM hearth.invocations\nWHERE app_id = @app_id ORDER BY started_at DESC;")
    public static let selectInvocationsOfFunction = SQLStatement(
        "selectInvocationsOfFunction",
        """
        SELECT TOP (@limit) \(invocationColumns) FROM hearth.invocations
        WHERE app_id = @app_id AND function_name COLLATE Latin1_General_100_CI_AS = @function_name
        ORDER BY started_at DESC;
        """)
    public static let selectInvocation = SQLStatement("selectInvocation", "SELECT \(invocationColumns) FROM hearth.invocations WHERE id = @id;")
    /// The running rows earlier processes of a worker left behind (see `Store.abandonInvocations`).
    public static let abandonInvocations = SQLStatement(
        "abandonInvocations",
        """
        UPDATE hearth.invocations SET status = N'abandoned', error = @error
        WHERE status = N'running' AND worker_id = @worker_id AND (worker_instance IS NULL OR worker_instance COLLATE Latin1_General_100_BIN2 < @instance);
        SELECT @@ROWCOUNT AS affected;
        """)
    /// Deletes in batches of 5,000 so a large prune neither escalates to a table lock nor waits
    /// for rows a worker is writing (`READPAST`: those go next time).
    public static let pruneInvocations = SQLStatement(
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
        """)

    // MARK: Timers and leases

    public static let claimTimerOccurrence = SQLStatement(
        "claimTimerOccurrence",
        """
        INSERT INTO hearth.timer_occurrences (app_id, function_name, occurrence, claimed_by, claimed_at)
        SELECT @app_id, @function_name, @occurrence, @owner, @now
        WHERE NOT EXISTS (
            SELECT 1 FROM hearth.timer_occurrences WITH (UPDLOCK, HOLDLOCK)
            WHERE app_id = @app_id AND function_name = @function_name AND occurrence = @occurrence
        );
        SELECT @@ROWCOUNT AS claimed;
        """)
    public static let deleteOldTimerOccurrences = SQLStatement(
        "deleteOldTimerOccurrences",
        "DELETE FROM hearth.timer_occurrences WITH (READPAST, ROWLOCK)\nWHERE app_id = @app_id AND function_name = @function_name AND occurrence < @cutoff;")
    public static let selectTimerStatus = SQLStatement(
        "selectTimerStatus",
        "SELECT last, next, last_updated FROM hearth.timer_status WHERE app_id = @app_id AND function_name = @function_name;")
    public static let upsertTimerStatus = SQLStatement(
        "upsertTimerStatus",
        """
        UPDATE hearth.timer_status WITH (UPDLOCK, SERIALIZABLE)
        SET last = @last, next = @next, last_updated = @last_updated
        WHERE app_id = @app_id AND function_name = @function_name;
        IF @@ROWCOUNT = 0
            INSERT INTO hearth.timer_status (app_id, function_name, last, next, last_updated)
            VALUES (@app_id, @function_name, @last, @next, @last_updated);
        """)
    /// Takes the lease when it is free, expired or already ours. A lease row another worker has
    /// locked right now is skipped (`READPAST`), and then the insert finds it and gives up.
    public static let acquireLease = SQLStatement(
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
        """)
    public static let releaseLease = SQLStatement("releaseLease", "DELETE FROM hearth.leases WHERE name = @name AND owner = @owner;")

    // MARK: Migration journal and lock

    /// The schema and the journal are created by the migrator before migration 1 (as Flyway creates
    /// its history table); two batches, because a schema must exist before a batch that uses it compiles.
    public static let createSchema = SQLStatement(
        "createSchema", "IF SCHEMA_ID(N'hearth') IS NULL\n    EXEC (N'CREATE SCHEMA hearth AUTHORIZATION dbo');")
    public static let createJournal = SQLStatement(
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
        """)
    public static let journalExists = SQLStatement(
        "journalExists", "SELECT CAST(CASE WHEN OBJECT_ID(N'hearth.schema_history', N'U') IS NULL THEN 0 ELSE 1 END AS BIT) AS present;")
    public static let selectJournal = SQLStatement(
        "selectJournal",
        "SELECT version, description, checksum, applied_by, applied_at, duration_ms, success\nFROM hearth.schema_history ORDER BY version;")
    public static let insertJournal = SQLStatement(
        "insertJournal",
        """
        DELETE FROM hearth.schema_history WHERE version = @version AND success = 0;
        INSERT INTO hearth.schema_history (version, description, checksum, applied_by, applied_at, duration_ms, success)
        VALUES (@version, @description, @checksum, SUSER_SNAME(), SYSUTCDATETIME(), @duration_ms, @success);
        """)
    /// Each migration's compatibility, recorded beside the journal from migration 0005 on (nothing
    /// before that migration created the table; a missing table is resolved at run time, not compile time).
    public static let selectCompatibility = SQLStatement(
        "selectCompatibility",
        """
        IF OBJECT_ID(N'hearth.schema_compatibility', N'U') IS NOT NULL
            SELECT version, compatibility FROM hearth.schema_compatibility;
        """)
    public static let recordCompatibility = SQLStatement(
        "recordCompatibility",
        """
        IF OBJECT_ID(N'hearth.schema_compatibility', N'U') IS NOT NULL
        BEGIN
            DELETE FROM hearth.schema_compatibility WHERE version = @version;
            INSERT INTO hearth.schema_compatibility (version, compatibility) VALUES (@version, @compatibility);
        END;
        """)
    public static let deleteFailedJournalRows = SQLStatement(
        "deleteFailedJournalRows", "DELETE FROM hearth.schema_history WHERE success = 0;\nSELECT @@ROWCOUNT AS affected;")
    public static let updateJournalChecksum = SQLStatement(
        "updateJournalChecksum",
        "UPDATE hearth.schema_history SET checksum = @checksum, description = @description WHERE version = @version;")
    /// Session-owned, so it spans the per-migration transactions; `@timeout_ms` 0 fails at once.
    public static let acquireMigrationLock = SQLStatement(
        "acquireMigrationLock",
        """
        DECLARE @result INT;
        EXEC @result = sp_getapplock @Resource = N'hearth.migrate', @LockMode = N'Exclusive', @LockOwner = N'Session', @LockTimeout = @timeout_ms;
        SELECT @result AS result;
        """)
    public static let releaseMigrationLock = SQLStatement(
        "releaseMigrationLock", "EXEC sp_releaseapplock @Resource = N'hearth.migrate', @LockOwner = N'Session';")

    /// Every statement above, for tests and `hearth db statements`.
    public static let all: [SQLStatement] = [
        beginTransaction, commitTransaction, rollbackTransaction, ping, bumpChangeCounter, changeVersion,
        insertTenant, selectTenants, selectTenantByName, selectTenantByID, deleteTenant,
        selectTenantDomains, selectTenantDomainsOfTenant, selectOverlappingTenantDomain, insertTenantDomain, deleteTenantDomain,
        insertApp, insertHostName, deleteHostNamesOfApp, disableHostName, deleteDisabledHostName, selectDisabledHostNames, selectDisabledHostNamesOfApp, selectApps, selectAppsOfTenant, selectAppByName, selectAppByID,
        selectAppByHostName, selectHostNamesOfApp, selectAllHostNames, deleteApp, deleteUnreferencedPackages, updateAppStatus,
        selectAppStatus,
        insertPackage, selectPackage, insertDeployment, updateDeployment, selectDeploymentsOfApp, selectDeployment,
        selectDeploymentForActivation, updateActiveDeployment,
        selectSettings, upsertSetting, deleteSetting, selectKeys, upsertKey, deleteKey,
        selectSealedSettings, selectSealedKeys, selectSealedPublishingPasswords, resealSetting, resealKey, resealPublishingPassword,
        selectPublishingCredentials, upsertPublishingCredentials, insertPublishingCredentialsIfAbsent,
        insertToken, selectTokenByHash, selectTokens, deleteToken,
        upsertInvocation, selectInvocations, selectInvocationsOfFunction, selectInvocation, pruneInvocations, abandonInvocations,
        claimTimerOccurrence, deleteOldTimerOccurrences, selectTimerStatus, upsertTimerStatus, acquireLease, releaseLease,
        createSchema, createJournal, journalExists, selectJournal, insertJournal, selectCompatibility, recordCompatibility,
        deleteFailedJournalRows, updateJournalChecksum,
        acquireMigrationLock, releaseMigrationLock,
    ]
}
