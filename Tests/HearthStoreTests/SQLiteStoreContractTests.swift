import Foundation
import HearthStore
import Testing

/// ``StoreContract`` on the embedded SQLite store (always runs).
@Suite struct SQLiteStoreContractTests {
    @Test func tenantsAndAppsAreUniqueByName() async throws {
        let f = try SQLiteContractFixture()
        do { try await StoreContract.tenantsAndAppsAreUniqueByName(f) } catch {
            await f.remove()
            throw error
        }
        await f.remove()
    }

    @Test func hostNamesRouteToOneAppOnly() async throws {
        let f = try SQLiteContractFixture()
        do { try await StoreContract.hostNamesRouteToOneAppOnly(f) } catch {
            await f.remove()
            throw error
        }
        await f.remove()
    }

    @Test func deploymentsActivateOnlyWhenSucceeded() async throws {
        let f = try SQLiteContractFixture()
        do { try await StoreContract.deploymentsActivateOnlyWhenSucceeded(f) } catch {
            await f.remove()
            throw error
        }
        await f.remove()
    }

    @Test func activationReplacesOnlyTheExpectedDeployment() async throws {
        let f = try SQLiteContractFixture()
        do { try await StoreContract.activationReplacesOnlyTheExpectedDeployment(f) } catch {
            await f.remove()
            throw error
        }
        await f.remove()
    }

    @Test func secretsMoveToANewMasterKey() async throws {
        let f = try SQLiteContractFixture()
        do { try await StoreContract.secretsMoveToANewMasterKey(f) } catch {
            await f.remove()
            throw error
        }
        await f.remove()
    }

    @Test func tenantDomainsAndDisabledHostNames() async throws {
        let f = try SQLiteContractFixture()
        do { try await StoreContract.tenantDomainsAndDisabledHostNames(f) } catch {
            await f.remove()
            throw error
        }
        await f.remove()
    }

    @Test func secretSettingsAndKeysAreEncryptedAtRest() async throws {
        let f = try SQLiteContractFixture()
        do { try await StoreContract.secretSettingsAndKeysAreEncryptedAtRest(f) } catch {
            await f.remove()
            throw error
        }
        await f.remove()
    }

    @Test func keysInsertReplaceDelete() async throws {
        let f = try SQLiteContractFixture()
        do { try await StoreContract.keysInsertReplaceDelete(f) } catch {
            await f.remove()
            throw error
        }
        await f.remove()
    }

    @Test func tokensAreFoundByHashOnly() async throws {
        let f = try SQLiteContractFixture()
        do { try await StoreContract.tokensAreFoundByHashOnly(f) } catch {
            await f.remove()
            throw error
        }
        await f.remove()
    }

    @Test func runningRowsOfGoneProcessesAreAbandoned() async throws {
        let f = try SQLiteContractFixture()
        do { try await StoreContract.runningRowsOfGoneProcessesAreAbandoned(f) } catch {
            await f.remove()
            throw error
        }
        await f.remove()
    }

    @Test func invocationLogUpsertsListsAndPrunes() async throws {
        let f = try SQLiteContractFixture()
        do { try await StoreContract.invocationLogUpsertsListsAndPrunes(f) } catch {
            await f.remove()
            throw error
        }
        await f.remove()
    }

    @Test func eachTimerOccurrenceIsClaimedOnce() async throws {
        let f = try SQLiteContractFixture()
        do { try await StoreContract.eachTimerOccurrenceIsClaimedOnce(f) } catch {
            await f.remove()
            throw error
        }
        await f.remove()
    }

    @Test func leasesAreExclusiveUntilTheyExpire() async throws {
        let f = try SQLiteContractFixture()
        do { try await StoreContract.leasesAreExclusiveUntilTheyExpire(f) } catch {
            await f.remove()
            throw error
        }
        await f.remove()
    }

    @Test func deletingATenantRemovesItsApps() async throws {
        let f = try SQLiteContractFixture()
        do { try await StoreContract.deletingATenantRemovesItsApps(f) } catch {
            await f.remove()
            throw error
        }
        await f.remove()
    }

    @Test func publishingCredentialsIssueOnceAndReset() async throws {
        let f = try SQLiteContractFixture()
        do { try await StoreContract.publishingCredentialsIssueOnceAndReset(f) } catch {
            await f.remove()
            throw error
        }
        await f.remove()
    }

    @Test func unicodeAndLargePackagesRoundTrip() async throws {
        let f = try SQLiteContractFixture()
        do { try await StoreContract.unicodeAndLargePackagesRoundTrip(f) } catch {
            await f.remove()
            throw error
        }
        await f.remove()
    }
}
