import Testing

@testable import HearthManagement

@Suite struct HAProxyRuntimeUpdateTests {
    let options: HAProxyOptions = {
        var options = HAProxyOptions()
        options.mapDirectory = "/srv/lb"
        return options
    }()

    func update(from old: LoadBalancerFleet, to new: LoadBalancerFleet) -> HAProxyRuntimeUpdate {
        HAProxyRuntimeUpdate(running: HAProxyLayout(fleet: old), next: HAProxyLayout(fleet: new), options: options)
    }

    @Test func nothingChangedMeansNoCommand() {
        let update = update(from: SampleFleet.mixed, to: SampleFleet.mixed)
        #expect(update.commands.isEmpty)
        #expect(!update.needsReload)
        #expect(update.running == HAProxyLayout(fleet: SampleFleet.mixed))
    }

    @Test func aDrainingWorkerIsDrainedInEveryBackendItServes() {
        let update = update(from: SampleFleet.mixed, to: SampleFleet.with(SampleFleet.mixed, worker: "w1", state: .draining))
        #expect(
            update.commands == [
                "set server hearth_workers/w1 state drain",
                "set server app_orders/w1 state drain",
            ]
        )
        #expect(!update.needsReload)
    }

    @Test func aWorkerLeavingOrReturningMovesItsAppsMapEntries() {
        let down = SampleFleet.with(SampleFleet.mixed, worker: "w2", state: .down)
        let update = update(from: SampleFleet.mixed, to: down)
        #expect(
            update.commands == [
                "set server hearth_workers/w2 state maint",
                "set server app_idle/w2 state maint",
                "set server app_orders/w2 state maint",
                "set map /srv/lb/hosts.map idle.fn.test hearth_workers",
                "set map /srv/lb/apps.map idle hearth_workers",
            ]
        )
        let back = HAProxyRuntimeUpdate(running: update.running, next: HAProxyLayout(fleet: SampleFleet.mixed), options: options)
        #expect(back.commands.contains("set server app_idle/w2 state ready"))
        #expect(back.commands.contains("set map /srv/lb/hosts.map idle.fn.test app_idle"))
    }

    @Test func hostNamesAddedAndRemovedBecomeMapEntries() {
        var next = SampleFleet.mixed
        next.apps[0].hostNames = ["orders.fn.test", "api.example.com"]
        #expect(
            update(from: SampleFleet.mixed, to: next).commands == [
                "add map /srv/lb/hosts.map api.example.com app_orders",
                "del map /srv/lb/hosts.map shop.example.com",
            ]
        )
    }

    @Test func aNewAddressIsSetWhenItIsAnIPAddress() {
        var next = SampleFleet.mixed
        next.workers[1].address = "[fd00::1]:7072"
        #expect(
            update(from: SampleFleet.mixed, to: next).commands == [
                "set server hearth_workers/w1 addr fd00::1 port 7072",
                "set server app_orders/w1 addr fd00::1 port 7072",
            ]
        )
        next.workers[1].address = "w1.corp:7071"
        let named = update(from: SampleFleet.mixed, to: next)
        #expect(named.needsReload)
        #expect(named.commands.isEmpty)
        #expect(named.reloadReasons.first == "address w1.corp:7071 of hearth_workers/w1 is not an IP address and port")
    }

    @Test func aNewBackendOrServerNeedsAReload() {
        var next = SampleFleet.mixed
        next.apps.append(.init(name: "fresh", hostNames: ["fresh.fn.test"], workers: ["w1"]))
        next.apps[1].workers = ["w3", "w1"]
        next.workers.append(.init(name: "w6", address: "10.0.0.6:7071", state: .ready))
        let update = update(from: SampleFleet.mixed, to: next)
        #expect(update.needsReload)
        #expect(update.commands.isEmpty)
        #expect(update.reloadReasons == ["new server hearth_workers/w6", "new server app_billing/w1", "new backend app_fresh"])
        #expect(update.running == HAProxyLayout(fleet: next))
    }

    @Test func aServerLeavingABackendStaysInMaintenanceUntilTheNextReload() {
        var moved = SampleFleet.mixed
        moved.apps[0].workers = ["w2"]
        let first = update(from: SampleFleet.mixed, to: moved)
        #expect(first.commands == ["set server app_orders/w1 state maint"])
        let orders = first.running.backend(named: "app_orders")?.servers.map { "\($0.name) \($0.state)" }
        #expect(orders == ["w1 maint", "w2 ready"])
        // Placed there again: the server the running HAProxy kept comes back without a reload.
        let back = HAProxyRuntimeUpdate(running: first.running, next: HAProxyLayout(fleet: SampleFleet.mixed), options: options)
        #expect(back.commands == ["set server app_orders/w1 state ready"])
        #expect(!back.needsReload)
    }

    @Test func aRevokedWorkerAndAnAppThatIsGoneLeaveRotation() {
        var next = SampleFleet.with(SampleFleet.mixed, worker: "w1", state: .revoked)
        next.apps.removeAll { $0.name == "billing" }
        let update = update(from: SampleFleet.mixed, to: next)
        #expect(
            update.commands == [
                "set server hearth_workers/w1 state maint",
                "set server app_orders/w1 state maint",
                "set server app_billing/w3 state maint",
                "del map /srv/lb/hosts.map billing.fn.test",
                "del map /srv/lb/apps.map billing",
            ]
        )
        // The backend of the app that is gone is kept, in maintenance, while HAProxy still has it.
        #expect(update.running.backend(named: "app_billing")?.servers.map(\.state) == [.maint])
    }

    @Test func onlyIPLiteralsAreAddresses() {
        #expect(HAProxyRuntimeUpdate.ipAndPort("10.1.2.3:80").map { "\($0.ip) \($0.port)" } == "10.1.2.3 80")
        #expect(HAProxyRuntimeUpdate.ipAndPort("[::1]:7071").map { "\($0.ip) \($0.port)" } == "::1 7071")
        #expect(HAProxyRuntimeUpdate.ipAndPort("10.1.2.300:80") == nil)
        #expect(HAProxyRuntimeUpdate.ipAndPort("host:80") == nil)
        #expect(HAProxyRuntimeUpdate.ipAndPort("10.1.2.3:0") == nil)
        #expect(HAProxyRuntimeUpdate.ipAndPort("10.1.2.3") == nil)
    }
}
