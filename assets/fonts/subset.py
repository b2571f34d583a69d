#!/usr/bin/env python3
"""Regenerates assets/fonts/NotoSansSC-Regular-subset.otf (see assets/fonts/README.md)."""
import fontTools.subset as s, sys
chars=set()
for hi in range(0xB0,0xD8):
    for lo in range(0xA1,0xFF):
        try: chars.add(bytes([hi,lo]).decode('gb2312'))
        except: pass
for f in ['assets/i18n/zh-CN.ftl']:
    chars |= set(open(f,encoding='utf8').read())
chars |= set("简体中文亚马逊店铺")
chars |= {chr(c) for c in range(0x3000,0x3040)} | {chr(c) for c in range(0xFF01,0xFF5F)}
chars = {c for c in chars if ord(c)>=0x2E80}
print(len(chars))
opts=s.Options(); opts.font_number=2; opts.layout_features=[]; opts.name_IDs=['*']; opts.hinting=False; opts.desubroutinize=False
font=s.load_font('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',opts)
sub=s.Subsetter(opts); sub.populate(text=''.join(sorted(chars))); sub.subset(font)
font.save('assets/fonts/NotoSansSC-Regular-subset.otf')
