"""A report inside a government portal page: navigation menus, sidebars listing other reports,
unrelated tables full of numbers, scripts writing HTML, footers — the report is still read exactly."""

from __future__ import annotations

import datetime as dt
import html
import random

import pytest

from gongkai.law.formats import load_format
from gongkai.reports.check import check_document, check_file
from gongkai.reports.extract import parse_source
from gongkai.reports.readers import read_bytes
from tests.support.generate import consistent_values
from tests.support.render import render_html

AGENCY = "示例市交通运输局"


def portal_page(report_html: str, rng: random.Random, *, published: str = "2024-01-20", meta: bool = True) -> str:
    """``report_html`` (a whole page) put inside a portal template with a lot of noise around it."""
    y, m, d = published.split("-")
    shown = rng.choice([published, f"{y}年{m}月{d}日", f"{y}/{m}/{d} 10:21:05", f"{y}年{int(m)}月{int(d)}日"])
    body = report_html.split("<body", 1)[1].split(">", 1)[1].rsplit("</body>", 1)[0]
    menu = "".join(f"<li><a href='/col/{i}'>{name}</a></li>" for i, name in enumerate(
        ["首页", "政务公开", "政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报",
         "依申请公开", "互动交流", "办事服务", "数据开放"]))
    sidebar = "".join(
        f"<li><a href='/nb/{y}'>{html.escape(AGENCY)}{y}年政府信息公开工作年度报告</a><span>{y + 1}-01-2{y % 9}</span></li>"
        for y in range(2016, 2023))
    stats = "<table class='stat'><tr><th>栏目</th><th>信息数</th><th>访问量</th></tr>" + "".join(
        f"<tr><td>栏目{i}</td><td>{rng.randint(1, 999)}</td><td>{rng.randint(1000, 99999)}</td></tr>" for i in range(8)) + "</table>"
    calendar = "<table class='cal'>" + "".join(
        "<tr>" + "".join(f"<td>{d}</td>" for d in range(w * 7 + 1, w * 7 + 8) if d <= 31) + "</tr>" for w in range(5)) + "</table>"
    related = "<table class='rel'>" + "".join(
        f"<tr><td>{i}</td><td><a href='#'>关于印发第{i}号通知</a></td><td>2024-0{i}-1{i}</td></tr>" for i in range(1, 7)) + "</table>"
    script = ("<script>var cfg={site:'gov',id:12345678};document.write('<table><tr><td>本年新收</td><td>99</td>"
              "</tr></table>');function f(a){return a<3&&a>1}</script>")
    style = "<style>.nav li{float:left}td{padding:2px}</style>"
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(AGENCY)}2023年政府信息公开工作年度报告_{html.escape(AGENCY)}</title>"
        + (f"<meta name='ArticleTitle' content='{html.escape(AGENCY)}2023年政府信息公开工作年度报告'>" if meta else "")
        + (f"<meta name='PubDate' content='{published} 09:30'>" if meta else "") + f"{style}{script}</head><body>"
        f"<div class='top'><a href='#'>无障碍</a> <a href='#'>长者模式</a> 今天是2024年1月20日 星期六</div>"
        f"<ul class='nav'>{menu}</ul><div class='crumb'>当前位置：首页 &gt; 政务公开 &gt; 政府信息公开年报</div>"
        f"<div class='left'>{calendar}<ul>{sidebar}</ul>{stats}</div>"
        f"<div class='article'><div class='info'>{rng.choice(['发布日期', '发布时间', '时间'])}：{shown} 来源：{html.escape(AGENCY)} 浏览次数：4321 "
        f"【字体：大 中 小】</div><div class='content'>{body}</div>"
        "<div class='tools'>【打印本页】【关闭窗口】</div></div>"
        f"<div class='right'><h3>相关文章</h3>{related}</div>"
        f"<div class='footer'>主办单位：{html.escape(AGENCY)} 网站标识码：4502000012 桂ICP备12345678号-1 "
        "桂公网安备 45020202000123号 联系电话：0772-1234567</div>"
        f"{script}</body></html>"
    )


@pytest.mark.parametrize("seed", range(12))
def test_report_inside_portal_template(seed):
    rng = random.Random(seed)
    version = "2021" if seed % 3 else "2019"
    fmt = load_format(version)
    values = consistent_values(fmt, rng, single_other=version == "2019", blanks=True)
    page = portal_page(render_html(fmt, values, agency=AGENCY, year=2023), rng, meta=seed % 2 == 0)
    doc = check_document(parse_source(read_bytes(page.encode("utf-8"), "index.html")))
    assert {k: doc.values.get(k, "absent") for k in values} == values
    assert not [f.message for f in doc.findings if f.severity in ("error", "warning")]
    assert doc.metadata.agency == AGENCY
    assert doc.metadata.year == 2023
    assert doc.metadata.published == dt.date(2024, 1, 20)


def test_portal_page_without_a_report(tmp_path):
    """A portal page (an index of reports) that holds no report: a clean reason, not a guess."""
    page = portal_page("<html><body><p>本栏目暂无内容。</p></body></html>", random.Random(1))
    path = tmp_path / "index.html"
    path.write_text(page, encoding="utf-8")
    r = check_file(path)
    assert not r.ok and r.error
