"""HLS playlists cut at random-access points (catalog/services/hls.py)."""

from __future__ import annotations

from catalog.services.hls import cut_points, playlist


def test_hls_cut_points_follow_random_access_points() -> None:
    points = [
        (0, 0),
        (18800, 90000 * 2),
        (37600, 90000 * 4),
        (56400, 90000 * 6),
        (75200, 90000 * 8),
    ]
    assert [p[1] // 90000 for p in cut_points(points, 4)] == [0, 4, 8]
    text = playlist(points, 94000, 10_000, "stream.ts", target_s=4)
    assert "#EXT-X-BYTERANGE:37600@0" in text
    assert "#EXT-X-BYTERANGE:37600@37600" in text
    assert "#EXT-X-BYTERANGE:18800@75200" in text
    assert text.count("#EXTINF:4.000,") == 2
    assert "#EXTINF:2.000," in text
    assert text.endswith("#EXT-X-ENDLIST\n")


def test_no_points_gives_one_segment() -> None:
    text = playlist([], 1880, 2000, "s.ts")
    assert "#EXT-X-BYTERANGE:1880@0" in text
    assert "#EXTINF:2.000," in text
