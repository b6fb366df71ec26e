/// The statements of people (``PeopleStore``) and the audit log (``AuditStore``), part of
/// ``SQLServerStatements/all``.
extension SQLServerStatements {
    // MARK: Users

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
        "id_hash, user_id, created_at, last_seen_at, expires_at, idle_timeout_ms, second_factor_pending, selected_tenant_id, client_address, user_agent"
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

    /// The statements of ``PeopleStore``.
    static let people: [SQLStatement] = [
        insertUser, selectUserByID, selectUserByIdentity, selectUsers, updateUser, updatePasswordHash, deleteUser,
        selectSealedTOTPSecrets, resealTOTPSecret,
        upsertMembership, deleteMembership, selectMembershipsOfUser, selectMembersOfTenant,
        insertSession, selectSession, selectSessionsOfUser, touchSession, updateSession, deleteSession, deleteSessionsOfUser,
        deleteExpiredSessions,
        insertSetupLink, consumeSetupLink, deleteUnusedSetupLinksOfUser,
        insertSignInFailure, countSignInFailuresOfAccount, countSignInFailuresOfAddress, deleteSignInFailuresOfAccount, pruneSignInFailures,
        selectTokensOfOwner, deleteTokenOfOwner,
        selectInstanceSettings, deleteInstanceSetting, insertInstanceSetting,
    ]
}
