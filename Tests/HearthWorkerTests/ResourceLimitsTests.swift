import Testing

@testable import HearthWorker

/// Per-app limits from app settings, over the worker's defaults.
@Suite struct ResourceLimitsTests {
    @Test func settingsOverrideDefaults() throws {
        let limits = try ResourceLimits(
            settings: ["HEARTH_MEMORY_MB": "128", "HEARTH_MAX_PROCESSES": " 64 ", "HEARTH_CPU_WEIGHT": "50", "HEARTH_TMP_MB": "8"],
            defaults: ResourceLimits()
        )
        #expect(limits.memoryBytes == 128 << 20)
        #expect(limits.maxProcesses == 64)
        #expect(limits.cpuWeight == 50)
        #expect(limits.tmpBytes == 8 << 20)
        let defaults = try ResourceLimits(settings: ["OTHER": "1", "HEARTH_TMP_MB": ""], defaults: ResourceLimits())
        #expect(defaults == ResourceLimits())
        #expect(defaults.memoryBytes == 512 << 20 && defaults.maxProcesses == 256 && defaults.cpuWeight == 100 && defaults.tmpBytes == 64 << 20)
    }

    @Test func badValuesNameTheSetting() {
        for (name, value) in [("HEARTH_MEMORY_MB", "lots"), ("HEARTH_MEMORY_MB", "4"), ("HEARTH_CPU_WEIGHT", "0"), ("HEARTH_MAX_PROCESSES", "-1")] {
            #expect {
                try ResourceLimits(settings: [name: value], defaults: ResourceLimits())
            } throws: { error in
                (error as? WorkerError)?.message.contains("\(name)='\(value)'") == true
            }
        }
    }
}

/// `HEARTH_OUTBOUND_ALLOW`: destinations parsed strictly, bad entries named.
@Suite struct OutboundRuleTests {
    @Test func entriesParseIntoNftablesRules() throws {
        let limits = try ResourceLimits(
            settings: ["HEARTH_OUTBOUND_ALLOW": "10.1.2.3, 10.0.0.0/8:443,[2001:db8::/32]:53"],
            defaults: ResourceLimits()
        )
        let rules = try #require(limits.outboundAllow)
        #expect(
            rules.map(\.nftablesRule) == [
                "ip daddr 10.1.2.3 accept",
                "ip daddr 10.0.0.0/8 meta l4proto { tcp, udp } th dport 443 accept",
                "ip6 daddr 2001:db8::/32 meta l4proto { tcp, udp } th dport 53 accept",
            ]
        )
        #expect(OutboundRule.ruleset(rules).contains("policy drop;"))
        #expect(try ResourceLimits(settings: [:], defaults: ResourceLimits()).outboundAllow == nil)
    }

    @Test(arguments: ["example.com", "10.0.0.0/33", "10.1.2.3:0", "10.1.2.3:http", "[::1", "1.2.3"])
    func badEntriesAreRefusedByName(_ entry: String) {
        #expect {
            _ = try ResourceLimits(settings: ["HEARTH_OUTBOUND_ALLOW": entry], defaults: ResourceLimits())
        } throws: { error in
            "\(error)".contains("HEARTH_OUTBOUND_ALLOW") && "\(error)".contains(entry)
        }
    }
}
