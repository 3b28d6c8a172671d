"""Assistant for the WEF / Tencent Research Institute report on how smaller cities go digital."""
