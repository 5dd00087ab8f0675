//! Tests of the NMEA parser and reader.
use super::*;
use proptest::prelude::*;

// The worked example of the NMEA 0183 documentation.
const GGA: &str = "$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47";

fn gga(line: &str) -> Gga {
    match parse_sentence(line).unwrap() {
        Sentence::Gga(gga) => gga,
        other => panic!("not GGA: {other:?}"),
    }
}

#[test]
fn the_textbook_gga_reads_field_by_field() {
    let g = gga(GGA);
    assert_eq!(g.talker, Talker::Gps);
    assert_eq!(g.time, NaiveTime::from_hms_opt(12, 35, 19));
    // 48° 07.038' = 48 + 7.038 / 60 = 48.1173; 11° 31.000' = 11.516667.
    assert!((g.lat.unwrap() - 48.1173).abs() < 1e-9);
    assert!((g.lon.unwrap() - (11.0 + 31.0 / 60.0)).abs() < 1e-9);
    assert_eq!((g.quality, g.satellites), (Some(1), Some(8)));
    assert_eq!((g.hdop, g.altitude_m), (Some(0.9), Some(545.4)));
}

#[test]
fn ddmm_converts_with_hemisphere_signs() {
    let lat = parse_ddmm("2056.0700", "N", Axis::Latitude)
        .unwrap()
        .unwrap();
    assert!((lat - (20.0 + 56.07 / 60.0)).abs() < 1e-12);
    let lon = parse_ddmm("10651.0717", "E", Axis::Longitude)
        .unwrap()
        .unwrap();
    assert!((lon - (106.0 + 51.0717 / 60.0)).abs() < 1e-12);
    let south = parse_ddmm("3345.500", "S", Axis::Latitude)
        .unwrap()
        .unwrap();
    assert!((south + 33.758_333_333).abs() < 1e-9);
    let west = parse_ddmm("08011.3892", "W", Axis::Longitude)
        .unwrap()
        .unwrap();
    assert!((west + 80.18982).abs() < 1e-9);
    assert_eq!(parse_ddmm("", "", Axis::Latitude).unwrap(), None);
    for (value, hemi, axis, code) in [
        ("2060.0000", "N", Axis::Latitude, "nmea.coordinate"),
        ("9100.0000", "N", Axis::Latitude, "nmea.coordinate"),
        ("10651.0717", "N", Axis::Latitude, "nmea.coordinate"),
        ("2056.07", "E", Axis::Latitude, "nmea.hemisphere"),
        ("2056.07", "", Axis::Latitude, "nmea.hemisphere"),
        ("20x6.07", "N", Axis::Latitude, "nmea.coordinate"),
    ] {
        assert_eq!(
            parse_ddmm(value, hemi, axis).unwrap_err().code,
            code,
            "{value}"
        );
    }
}

#[test]
fn empty_fields_mean_no_fix_not_an_error() {
    let g = gga("$GPGGA,053229.438,,,,,0,00,,,M,0.0,M,,0000*56");
    assert_eq!(
        (g.lat, g.lon, g.hdop, g.altitude_m),
        (None, None, None, None)
    );
    assert_eq!(g.quality, Some(0));
    let Sentence::Rmc(r) = parse_sentence("$GNRMC,053229.438,V,,,,,,,020315,,,N*56").unwrap()
    else {
        panic!("not RMC");
    };
    assert!(!r.active);
    assert_eq!((r.lat, r.speed_knots, r.mode), (None, None, Some('N')));
    assert_eq!(r.date, NaiveDate::from_ymd_opt(2015, 3, 2));
    assert_eq!(r.talker, Talker::Multi);
}

#[test]
fn talkers_and_other_sentences() {
    for (code, talker) in [
        ("GP", Talker::Gps),
        ("GN", Talker::Multi),
        ("GL", Talker::Glonass),
        ("GA", Talker::Galileo),
        ("BD", Talker::Beidou),
        ("GB", Talker::Beidou),
        ("GQ", Talker::Other(['G', 'Q'])),
    ] {
        let line = frame_sentence(&format!("{code}GGA,010203,,,,,0,,,,,,,,"));
        assert_eq!(gga(&line).talker, talker);
    }
    assert_eq!(
        parse_sentence("$GNGSA,A,1,,,,,,,,,,,,,,,*00").unwrap(),
        Sentence::Other("GSA".into())
    );
    assert_eq!(
        parse_sentence("$POLYN,EPH,0,00000000").unwrap(),
        Sentence::Other("POLYN".into())
    );
    for (line, code) in [
        ("", "nmea.empty"),
        ("# comment", "nmea.start"),
        ("$SkyTraq,Venus6", "nmea.address"),
        ("$GPGGA,123519,4807.038,N*7", "nmea.checksum"),
        (
            "$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,",
            "nmea.no_checksum",
        ),
        ("$GPRMC,123519,A,,,,,,,230394", "nmea.no_checksum"),
    ] {
        assert_eq!(parse_sentence(line).unwrap_err().code, code, "{line}");
    }
    // Checksummed, so that the fields themselves are what is wrong.
    for (body, code) in [
        ("GPGGA,123519,4807.038,N", "nmea.fields"),
        (
            "GPGGA,123519,4807.038,N,01131.000,E,1,08,abc,545.4",
            "nmea.number",
        ),
        ("GPGGA,126519,,,,,0,00,,", "nmea.time"),
        ("GPRMC,123519,X,,,,,,,230394", "nmea.status"),
        ("GPRMC,123519,A,,,,,,,320394", "nmea.date"),
    ] {
        let line = frame_sentence(body);
        assert_eq!(parse_sentence(&line).unwrap_err().code, code, "{line}");
    }
}

#[test]
fn times_keep_their_fraction() {
    let g = gga("$GPGGA,053232.438,3114.8789,N,12135.2442,E,1,06,1.2,153.8,M,8.3,M,,0000*6A");
    assert_eq!(g.time, NaiveTime::from_hms_milli_opt(5, 32, 32, 438));
}

#[test]
fn a_log_skips_garbage_and_merges_gga_with_rmc() {
    let log = [
        "\u{0}\u{7f}garbage at 4800 baud".to_owned(),
        "$GPGGA,012519.563,4131.7353,N,09336.8150,W,0,00,50.0,280.2,M,-31.6,M,0.0,0000*7D"
            .to_owned(),
        "$GPRMC,012519.563,V,4131.7353,N,09336.8150,W,0.00,,050405,,*14".to_owned(),
        String::new(),
        frame_sentence("GPRMC,030000.00,A,2056.0700,N,10651.0717,E,0.1,12.0,010625,,,A"),
        frame_sentence("GPGGA,030000.00,2056.0700,N,10651.0717,E,1,09,0.8,3.0,M,-20.0,M,,"),
        "$GPGGA,030001.00,2056.0702,N,10651.0719,E,1,09,0.8,3.0,M,-20.0,M,,*00".to_owned(),
        frame_sentence("GPRMC,030002.00,A,2056.0704,N,10651.0721,E,0.1,12.0,010625,,,A"),
    ]
    .join("\r\n");
    let read = read_log(&log);
    assert_eq!(read.stats.lines, 8);
    assert_eq!(read.stats.skipped, 2);
    let codes: Vec<_> = read
        .stats
        .skipped_lines
        .iter()
        .map(|s| (s.line, s.code))
        .collect();
    assert_eq!(codes, [(1, "nmea.start"), (7, "nmea.checksum")]);
    assert_eq!(read.stats.epochs_without_fix, 1);
    assert_eq!(read.fixes.len(), 2);
    let first = &read.fixes[0];
    assert_eq!(first.line, 5);
    assert_eq!((first.hdop, first.quality), (Some(0.8), Some(1)));
    assert_eq!(first.date, NaiveDate::from_ymd_opt(2025, 6, 1));
    // HDOP 0.8 × 5 m = 4 m.
    let p = first.to_position().unwrap();
    assert_eq!((p.accuracy_m, p.source), (4.0, PositionSource::Nmea));
    // RMC alone: no HDOP, so the conservative default.
    assert_eq!(read.fixes[1].accuracy_m(), NMEA_ACCURACY_WITHOUT_HDOP_M);
}

#[test]
fn accuracy_has_a_floor_and_the_vietnam_box_applies_only_to_positions() {
    let mut fix = RawFix {
        line: 1,
        time: None,
        date: None,
        lat: 48.1173,
        lon: 11.5167,
        quality: Some(2),
        satellites: Some(12),
        hdop: Some(0.3),
        altitude_m: None,
    };
    assert_eq!(fix.accuracy_m(), NMEA_ACCURACY_FLOOR_M);
    assert_eq!(
        fix.to_position().unwrap_err().code,
        "position.outside_vietnam"
    );
    fix.lat = 20.93;
    fix.lon = 106.85;
    fix.hdop = Some(2001.0);
    assert_eq!(fix.to_position().unwrap_err().code, "position.accuracy");
}

#[test]
fn a_fix_contradicted_in_its_epoch_is_dropped() {
    let log = [
        frame_sentence("GPGGA,030000.00,2056.0700,N,10651.0717,E,1,09,0.8,3.0,M,,M,,"),
        frame_sentence("GPRMC,030000.00,V,2056.0700,N,10651.0717,E,,,010625,,,N"),
        frame_sentence("GPGGA,030001.00,2056.0700,N,10651.0717,E,6,09,0.8,3.0,M,,M,,"),
    ]
    .join("\n");
    let read = read_log(&log);
    assert!(read.fixes.is_empty());
    assert_eq!(read.stats.epochs_without_fix, 2);
}

proptest! {
    #[test]
    fn checksum_round_trip(payload in "[A-Z0-9,.]{0,60}", flip in 0usize..60) {
        let body = format!("GPXYZ,{payload}");
        let line = frame_sentence(&body);
        prop_assert_eq!(parse_sentence(&line).unwrap(), Sentence::Other("XYZ".into()));
        prop_assert_eq!(parse_sentence(&format!("{line}\r\n")).unwrap(), Sentence::Other("XYZ".into()));
        // Change one character of the payload: the checksum must catch it.
        if !payload.is_empty() {
            let at = 7 + flip % payload.len();
            let mut bytes = line.into_bytes();
            bytes[at] = if bytes[at] == b'Q' { b'R' } else { b'Q' };
            let corrupted = String::from_utf8(bytes).unwrap();
            prop_assert_eq!(parse_sentence(&corrupted).unwrap_err().code, "nmea.checksum");
        }
    }

    #[test]
    fn ddmm_agrees_with_degrees_and_minutes(deg in 0u32..180, minutes in 0.0f64..59.9999) {
        let text = format!("{deg:03}{minutes:07.4}");
        let parsed = parse_ddmm(&text, "W", Axis::Longitude).unwrap().unwrap();
        let rounded: f64 = format!("{minutes:.4}").parse().unwrap();
        prop_assert!((parsed + (f64::from(deg) + rounded / 60.0)).abs() < 1e-9, "{text}");
    }
}
