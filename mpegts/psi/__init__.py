"""Program-specific information: the PAT and PMT of ISO/IEC 13818-1 §2.4.4 (SI tables are epg's)."""
