import Foundation
import HearthCore
import Testing

@Suite struct TimerScheduleTests {
    @Test func timeSpanForms() {
        #expect(TimeSpanParser.parse("00:05:00") == .seconds(300))
        #expect(TimeSpanParser.parse("1.02:03:04") == .seconds(86_400 + 2 * 3600 + 3 * 60 + 4))
        #expect(TimeSpanParser.parse("24:00:00") == .seconds(24 * 86_400))
        #expect(TimeSpanParser.parse("30:12:05") == .seconds(30 * 86_400 + 12 * 3600 + 5 * 60))
        #expect(TimeSpanParser.parse("23:59:59") == .seconds(86_399))
        #expect(TimeSpanParser.parse("01:30") == .seconds(5400))
        #expect(TimeSpanParser.parse("00:00:01.5") == .milliseconds(1500))
        #expect(TimeSpanParser.parse("00:00:00.0000001") == .nanoseconds(100))
        #expect(TimeSpanParser.parse("-00:00:10") == .seconds(-10))
        #expect(TimeSpanParser.parse(" 00:10:00 ") == .seconds(600))
    }

    @Test(arguments: [
        "", "-1", "5", "abc", "00:60:00", "00:00:60", "1.24:00:00", "24:60:00", "1:2:3:4", "00:00:00.12345678", "00::00", "a:00:00", "00:00:0x",
    ])
    func timeSpanRejects(_ text: String) {
        #expect(TimeSpanParser.parse(text) == nil, "accepted \(text.debugDescription)")
    }

    @Test func parsesCronFirstThenInterval() throws {
        guard case .cron(let cron) = try TimerSchedule.parse("0 */5 * * * *") else {
            Issue.record("expected cron")
            return
        }
        #expect(cron.expression == "0 */5 * * * *")
        #expect(try TimerSchedule.parse("00:10:00") == .interval(.seconds(600)))
        #expect(try TimerSchedule.parse("24:00:00") == .interval(.seconds(24 * 86_400)))
    }

    @Test func intervalNextIsPreviousPlusInterval() throws {
        let schedule = try TimerSchedule.parse("00:00:30")
        let start = Date(timeIntervalSince1970: 1_000)
        #expect(schedule.nextOccurrence(after: start, in: .gmt) == Date(timeIntervalSince1970: 1_030))
        #expect(schedule.firesMoreThanOncePerMinute)
        #expect(try !TimerSchedule.parse("00:01:00").firesMoreThanOncePerMinute)
        #expect(try TimerSchedule.parse("*/10 * * * * *").firesMoreThanOncePerMinute)
    }

    @Test func errors() {
        #expect(throws: HearthError.self) { try TimerSchedule.parse("00:00:00") }
        do {
            _ = try TimerSchedule.parse("25:99:00")
            Issue.record("accepted")
        } catch {
            #expect(error.code == .invalidTimeSpan)
        }
        do {
            _ = try TimerSchedule.parse("0 * * *")
            Issue.record("accepted")
        } catch {
            #expect(error.code == .invalidCron)
            #expect(error.message.contains("expected 6 fields"))
        }
    }

    @Test func settingSubstitution() throws {
        let settings = ["Schedule": "0 0 3 * * *", "queue": "orders"]
        #expect(try SettingSubstitution.expand("%Schedule%", settings: settings) == "0 0 3 * * *")
        #expect(try SettingSubstitution.expand("in-%QUEUE%-x", settings: settings) == "in-orders-x")
        #expect(try SettingSubstitution.expand("100%% sure %", settings: settings) == "100%% sure %")
        #expect(try SettingSubstitution.expand("%%%queue%", settings: settings) == "%%orders")
        #expect(try SettingSubstitution.expand("plain", settings: [:]) == "plain")
        do {
            _ = try SettingSubstitution.expand("%Missing%", settings: settings)
            Issue.record("accepted")
        } catch {
            #expect(error.code == .missingSetting)
            #expect(error.message.contains("'Missing'"))
        }
    }
}
