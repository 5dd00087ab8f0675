//! Real receiver logs from the gpsd project's regression suite (see
//! tests/fixtures/nmea/README.md): the NMEA reader must get through the
//! comment lines, the no-fix start and a corrupted sentence, and find the
//! fixes a person reading the log by hand finds. The positions are in the
//! USA and China, so the values are checked raw, before the Vietnam box.
#![allow(clippy::unwrap_used)]

use chrono::{NaiveDate, NaiveTime};
use tidemark_domain::values::{read_log, NmeaLog, NmeaReader, RawFix, SkippedLine};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/nmea/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn close(actual: f64, expected: f64, what: &str) {
    assert!(
        (actual - expected).abs() < 1e-6,
        "{what}: {actual} is not {expected}"
    );
}

fn skipped(log: &NmeaLog) -> Vec<(usize, &'static str)> {
    log.stats
        .skipped_lines
        .iter()
        .map(|&SkippedLine { line, code }| (line, code))
        .collect()
}

#[test]
fn magellan_triton_400_survives_a_spliced_sentence() {
    let log = read_log(&fixture("gpsd-triton400.log"));

    // 35 lines: 7 comment lines, then 28 sentences of which line 19,
    // "$GPGGA,030130$GPGLL,2638.1728,...,A,A*41", is a GGA cut short and
    // spliced into the next GLL: its XOR is 0x1E, not the 0x41 it carries.
    assert_eq!(log.stats.lines, 35);
    assert_eq!(log.stats.sentences, 27);
    assert_eq!(log.stats.skipped, 8);
    let mut expected: Vec<(usize, &str)> = (1..=7).map(|line| (line, "nmea.start")).collect();
    expected.push((19, "nmea.checksum"));
    assert_eq!(skipped(&log), expected);

    // Epochs 03:01:29, :31, :32 and :33 have GGA + RMC with a fix; :30 lost
    // its GGA to the splice and has no RMC, so it is no epoch at all.
    assert_eq!(log.stats.epochs_without_fix, 0);
    let lines: Vec<usize> = log.fixes.iter().map(|f| f.line).collect();
    assert_eq!(lines, [12, 20, 27, 34]);

    // Line 12: $GPGGA,030129.00,2638.1726,N,08011.3892,W,1,06,1.5,00016,M,...
    //   lat = 26 + 38.1726 / 60 = 26 + 0.63621 = 26.63621
    //   lon = -(80 + 11.3892 / 60) = -(80 + 0.18982) = -80.18982
    // Line 13: $GPRMC,030129.0,A,...,010413 → 1 April 2013.
    let first = &log.fixes[0];
    close(first.lat, 26.63621, "lat");
    close(first.lon, -80.18982, "lon");
    assert_eq!(first.time, NaiveTime::from_hms_opt(3, 1, 29));
    assert_eq!(first.date, NaiveDate::from_ymd_opt(2013, 4, 1));
    assert_eq!((first.quality, first.satellites), (Some(1), Some(6)));
    assert_eq!((first.hdop, first.altitude_m), (Some(1.5), Some(16.0)));
    // HDOP 1.5 × UERE 5 m = 7.5 m.
    close(first.accuracy_m(), 7.5, "accuracy");

    // Line 34: $GPGGA,030133.00,2638.1753,N,08011.3903,W,1,06,1.5,00020,...
    //   lat = 26 + 38.1753 / 60 = 26.636255
    //   lon = -(80 + 11.3903 / 60) = -80.1898383
    let last = &log.fixes[3];
    close(last.lat, 26.636255, "lat");
    close(last.lon, -80.1898383, "lon");
    assert_eq!(last.altitude_m, Some(20.0));

    // Wellington, Florida is no raft in Vietnam.
    assert_eq!(
        first.to_position().unwrap_err().code,
        "position.outside_vietnam"
    );
}

#[test]
fn sirf_trig_with_beidou_waits_out_the_no_fix_start() {
    let log = read_log(&fixture("gpsd-beidou-gb.log"));

    // 77 lines (the sentences end in CRLF, the comments in LF): 9 comment
    // lines, 68 sentences, GPGGA + GNRMC per second, BeiDou as "GB".
    assert_eq!(log.stats.lines, 77);
    assert_eq!(log.stats.sentences, 68);
    let expected: Vec<(usize, &str)> = (1..=9).map(|line| (line, "nmea.start")).collect();
    assert_eq!(skipped(&log), expected);

    // 05:32:29, :30 and :31: "$GPGGA,053229.438,,,,,0,00,,,M,..." (quality
    // 0, empty position) with "$GNRMC,053229.438,V,,,,,,,020315,,,N".
    assert_eq!(log.stats.epochs_without_fix, 3);
    let lines: Vec<usize> = log.fixes.iter().map(|f| f.line).collect();
    assert_eq!(lines, [50, 65]);

    // Line 50: $GPGGA,053232.438,3114.8789,N,12135.2442,E,1,06,1.2,153.8,M,...
    //   lat = 31 + 14.8789 / 60 = 31 + 0.24798167 = 31.24798167
    //   lon = 121 + 35.2442 / 60 = 121 + 0.58740333 = 121.58740333
    // Line 63: $GNRMC,053232.438,A,...,020315 → 2 March 2015.
    let first = &log.fixes[0];
    close(first.lat, 31.2479817, "lat");
    close(first.lon, 121.5874033, "lon");
    assert_eq!(first.time, NaiveTime::from_hms_milli_opt(5, 32, 32, 438));
    assert_eq!(first.date, NaiveDate::from_ymd_opt(2015, 3, 2));
    assert_eq!((first.quality, first.satellites), (Some(1), Some(6)));
    assert_eq!((first.hdop, first.altitude_m), (Some(1.2), Some(153.8)));
    // HDOP 1.2 × 5 m = 6 m.
    close(first.accuracy_m(), 6.0, "accuracy");

    // Line 65: $GPGGA,053233.438,3114.8821,N,12135.2428,E,1,06,1.2,167.2,...
    //   lat = 31 + 14.8821 / 60 = 31.248035
    //   lon = 121 + 35.2428 / 60 = 121.58738
    let second = &log.fixes[1];
    close(second.lat, 31.248035, "lat");
    close(second.lon, 121.58738, "lon");
    assert_eq!(second.altitude_m, Some(167.2));

    assert_eq!(
        first.to_position().unwrap_err().code,
        "position.outside_vietnam"
    );
}

#[test]
fn feeding_line_by_line_finds_the_same_fixes() {
    for name in ["gpsd-triton400.log", "gpsd-beidou-gb.log"] {
        let text = fixture(name);
        let mut reader = NmeaReader::new();
        let mut fixes: Vec<RawFix> = Vec::new();
        for line in text.lines() {
            fixes.extend(reader.feed(line));
        }
        fixes.extend(reader.finish());
        let whole = read_log(&text);
        assert_eq!(fixes, whole.fixes, "{name}");
        assert_eq!(reader.stats(), &whole.stats, "{name}");
    }
}
