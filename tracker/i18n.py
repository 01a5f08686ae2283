"""Every text the app and the CLI show, in Chinese (the default) and English: the text catalogue (TEXT, t, Text), the
status words and the reasons. How numbers, units and periods are written is tracker.formatting."""

from __future__ import annotations

from dataclasses import dataclass, field

LANGS = ("zh", "en")

# Status: icon + word + colour, so that status never rests on colour alone.
STATUS = {
    "achieved": {
        "zh": "已实现",
        "en": "Achieved",
        "icon": "★",
        "color": "blue",
        "hex": "#1f77b4",
    },
    "on_track": {
        "zh": "进度正常",
        "en": "On track",
        "icon": "✓",
        "color": "green",
        "hex": "#2ca02c",
    },
    "acceleration_needed": {
        "zh": "需要加速",
        "en": "Acceleration needed",
        "icon": "↗",
        "color": "yellow",
        "hex": "#d4a106",
    },
    "limited_progress": {
        "zh": "进展有限",
        "en": "Limited progress",
        "icon": "!",
        "color": "orange",
        "hex": "#ff7f0e",
    },
    "deterioration": {
        "zh": "倒退",
        "en": "Deterioration",
        "icon": "↓",
        "color": "red",
        "hex": "#d62728",
    },
    "missed": {
        "zh": "未实现",
        "en": "Missed",
        "icon": "✗",
        "color": "red",
        "hex": "#8c1c13",
    },
    "not_assessed": {
        "zh": "无法评估",
        "en": "Not assessed",
        "icon": "?",
        "color": "gray",
        "hex": "#7f7f7f",
    },
}

REASONS = {
    "context": {"zh": "背景指标：规划未设定目标", "en": "context indicator: the plan sets no target"},
    "no_baseline_figure": {
        "zh": "基期 {period} 没有数据，无法确定目标值",
        "en": "no figure for the baseline period {period}, so the target is unknown",
    },
    "no_figure": {"zh": "尚无公开数据", "en": "no figure has been published for this indicator"},
    "meets": {"zh": "{period}：{value} 已达到目标 {target}", "en": "{period}: {value} meets the target {target}"},
    "does_not_meet": {
        "zh": "{period}：{value} 未达到目标 {target}",
        "en": "{period}: {value} does not meet the target {target}",
    },
    "few_figures": {
        "zh": "年度数据少于两个，尚无法计算变化速度",
        "en": "fewer than two annual figures: no rate of change yet",
    },
    "nothing_after_baseline": {
        "zh": "基期 {period} 之后尚无年度数据",
        "en": "no annual figure after the baseline {period} yet",
    },
    "no_rates": {"zh": "这些数据无法计算速度", "en": "the rates cannot be computed from these figures"},
    "from_earliest": {
        "zh": "规划未给出基期：速度从最早的数据 {period} 算起",
        "en": "no baseline in the plan: the rate is measured from {period}",
    },
    "linear_fallback": {
        "zh": "数据含零或负值：改用线性变化计算",
        "en": "zero or negative figures: linear change used instead of compound growth",
    },
    # issue 11: qualifiers, annual growth targets, series breaks (tracker.pace)
    "lower_bound_below": {
        "zh": "{period}：{value} 是下限（实际不低于此数），低于目标 {target}，尚不能判定未实现",
        "en": "{period}: {value} is a lower bound below the target {target}: not known to be missed",
    },
    "growth_meets": {
        "zh": "{period} 同比增长 {growth}，达到年度目标 {target}",
        "en": "{period}: growth {growth} meets the annual target of {target}",
    },
    "growth_meets_about": {
        "zh": "{period} 同比增长 {growth}，达到年度目标 {target} 左右（差距不超过 0.5 个百分点即算达到）",
        "en": "{period}: growth {growth} meets the annual target of about {target} (met within 0.5 point)",
    },
    "growth_misses": {
        "zh": "{period} 同比增长 {growth}，未达到年度目标 {target}",
        "en": "{period}: growth {growth} is below the annual target of {target}",
    },
    "growth_misses_about": {
        "zh": "{period} 同比增长 {growth}，低于年度目标 {target} 左右超过 0.5 个百分点",
        "en": "{period}: growth {growth} is more than 0.5 point below the annual target of about {target}",
    },
    "ytd_above": {
        "zh": "1–{last_month}月 {growth}，高于全年目标 {target}",
        "en": "Jan–{last_month} {growth}, above the annual target of {target}",
    },
    "ytd_above_about": {
        "zh": "1–{last_month}月 {growth}，高于全年目标 {target} 左右",
        "en": "Jan–{last_month} {growth}, above the annual target of about {target}",
    },
    "ytd_below": {
        "zh": "1–{last_month}月 {growth}，低于全年目标 {target}",
        "en": "Jan–{last_month} {growth}, below the annual target of {target}",
    },
    "ytd_below_about": {
        "zh": "1–{last_month}月 {growth}，低于全年目标 {target} 左右",
        "en": "Jan–{last_month} {growth}, below the annual target of about {target}",
    },
    "ytd_only": {
        "zh": "{period} 年度增速尚未公布，仅有 1–{last_month}月 {growth}（全年目标 {target}）",
        "en": "no annual growth for {period} has been published, only Jan–{last_month} {growth} (annual target "
        "{target})",
    },
    "ytd_only_about": {
        "zh": "{period} 年度增速尚未公布，仅有 1–{last_month}月 {growth}（全年目标 {target} 左右）",
        "en": "no annual growth for {period} has been published, only Jan–{last_month} {growth} (annual target "
        "about {target})",
    },
    "no_growth": {
        "zh": "{period} 尚无公布的同比增速",
        "en": "no year-on-year growth has been published for {period}",
    },
    "growth_not_begun": {"zh": "{period} 年尚未开始", "en": "{period} has not begun"},
    # end of issue 11's reasons
    "": {"zh": "", "en": ""},
}

BOUNDS = {
    "at_least": {"zh": "≥", "en": "≥"},
    "above": {"zh": ">", "en": ">"},
    "about": {"zh": "≈", "en": "≈"},
    "at_most": {"zh": "≤", "en": "≤"},
    "below": {"zh": "<", "en": "<"},
}

TEXT: dict[str, dict[str, str]] = {
    "app_title": {"zh": "目标进度看板", "en": "Target Tracker"},
    "app_subtitle": {
        "zh": "济南高新区发展目标与实际进度",
        "en": "Jinan High-tech Zone: plan targets against actual figures",
    },
    "page_overview": {"zh": "总览", "en": "Overview"},
    "page_doubling": {"zh": "经济总量翻番", "en": "Doubling path"},
    "page_industries": {"zh": "产业规模", "en": "Industry scale"},
    "page_indicator": {"zh": "指标详情", "en": "Indicator detail"},
    "page_upload": {"zh": "上传数据", "en": "Upload figures"},
    "page_history": {"zh": "修订历史", "en": "History"},
    "page_method": {"zh": "方法说明", "en": "Method"},
    "doubling_progress": {"zh": "翻番进度", "en": "Doubling progress"},
    "doubling_help": {
        "zh": "从基期到翻番目标已走过的比例（最新年度数据）",
        "en": "Share of the way from the baseline to double, by the latest annual figure",
    },
    "of_targets": {"zh": "共 {n} 个目标", "en": "of {n} targets"},
    "latest": {"zh": "最新", "en": "Latest"},
    "no_figure": {"zh": "暂无数据", "en": "no figure"},
    "target": {"zh": "目标", "en": "Target"},
    "baseline": {"zh": "基期", "en": "Baseline"},
    "progress": {"zh": "进度", "en": "Progress"},
    "status": {"zh": "状态", "en": "Status"},
    "actual_rate": {"zh": "实际速度", "en": "Actual rate"},
    "required_rate": {"zh": "所需速度", "en": "Required rate"},
    "needed_rate": {"zh": "今后每年仍需", "en": "Still needed per year"},
    "projected": {"zh": "按实际速度预计", "en": "Projected at the actual rate"},
    "source": {"zh": "来源", "en": "Source"},
    "quote": {"zh": "规划原文", "en": "The plan says"},
    "no_target_pillar": {"zh": "规划未给这一方面设定量化目标。", "en": "The plan sets no quantified target here."},
    "context_indicator": {"zh": "背景指标（无目标）", "en": "Context indicator (no target)"},
    "proxy": {"zh": "替代口径", "en": "PROXY"},
    "ytd": {"zh": "年内累计", "en": "year to date"},
    "per_year": {"zh": "/年", "en": "/yr"},
    "pp_per_year": {"zh": "个百分点/年", "en": " pp/yr"},
    "milestone": {"zh": "目标期", "en": "Milestone"},
    "by": {"zh": "{year}年", "en": "by {year}"},
    "growth_rate": {"zh": "情景增速（%/年）", "en": "Scenario growth (% a year)"},
    "growth_help": {"zh": "从最新年度数据出发，按此增速推算", "en": "Carried forward from the latest annual figure"},
    "doubling_sentence": {
        "zh": "按实际增速 {actual}/年，经济总量将在 {year} 年翻番；{needs}。",
        "en": "At {actual} a year, output doubles in {year}; {needs}.",
    },
    "doubling_sentence_never": {
        "zh": "按实际增速 {actual}/年无法翻番；{needs}。",
        "en": "At {actual} a year output never doubles; {needs}.",
    },
    "doubling_none": {
        "zh": "年度数据不足，无法计算实际增速。",
        "en": "Too few annual figures to measure the actual rate.",
    },
    "scenario_sentence": {
        "zh": "按 {rate}/年 的情景增速，将在 {year} 年翻番。",
        "en": "At the scenario rate of {rate} a year, output doubles in {year}.",
    },
    "path_required": {"zh": "{n}年翻番所需路径（{rate}/年）", "en": "Doubling in {n} years ({rate} a year)"},
    "path_actual": {"zh": "实际（年度）", "en": "Actual (annual)"},
    "path_ytd": {"zh": "年内累计（不参与计算）", "en": "Year to date (not in rates)"},
    "path_projection": {"zh": "按实际增速 {rate}/年", "en": "At the actual rate, {rate} a year"},
    "path_scenario": {"zh": "情景增速 {rate}/年", "en": "Scenario, {rate} a year"},
    "band": {"zh": "6-7年翻番区间", "en": "Doubling in 6–7 years"},
    "year": {"zh": "年份", "en": "Year"},
    "value": {"zh": "数值", "en": "Value"},
    "value_in": {"zh": "数值（{unit}）", "en": "Value ({unit})"},
    "series": {"zh": "系列", "en": "Series"},
    "period": {"zh": "时期", "en": "Period"},
    "note": {"zh": "备注", "en": "Note"},
    "confidence": {"zh": "可信度", "en": "Confidence"},
    "indicator": {"zh": "指标", "en": "Indicator"},
    "choose_indicator": {"zh": "选择指标", "en": "Choose an indicator"},
    "choose_milestone": {"zh": "选择目标期", "en": "Choose a milestone"},
    "industry_intro": {
        "zh": "四大产业：最新规模与目标（竖线为目标），以及今后每年仍需的增速。",
        "en": "The four industries: latest scale against each target (the rules), and the growth "
        "still needed each year.",
    },
    "figures_table": {"zh": "全部数据", "en": "All figures"},
    "method_title": {"zh": "进度评估方法", "en": "How pace is assessed"},
    "about_figures": {
        "zh": "年内累计数据单独显示，不与年度数据比较；标注“替代口径”的数据口径与规划不同。",
        "en": "Year-to-date figures are shown apart and never compared with annual ones; "
        "figures marked PROXY measure something close to, but not exactly, the plan's scope.",
    },
    "revision": {"zh": "修订版本", "en": "Revision"},
    "as_of": {"zh": "数据版本：第 {rev} 版（{date}）", "en": "Figures as of revision {rev} ({date})"},
    "bad_param": {
        "zh": "链接中的 {name}={value} 无效，已使用默认值。",
        "en": "The link's {name}={value} is not valid; showing the default instead.",
    },
    "doubling_missing": {
        "zh": "规划中没有以基期倍数表示的目标，或基期没有数据。",
        "en": "The plan has no target set as a multiple of a baseline, or its baseline has no figure.",
    },
    "scenario_never": {
        "zh": "按 {rate}/年 的情景增速无法翻番。",
        "en": "At the scenario rate of {rate} a year, output never doubles.",
    },
    "doubling_note": {
        "zh": "{name}，现价。年内累计数据（空心菱形）不参与增速计算。虚线为所需路径与推算，非预测。",
        "en": "{name}, current prices. Year-to-date figures (hollow diamonds) are left out of the rates. "
        "Dashed lines are required paths and extrapolations, not forecasts.",
    },
    "passcode": {"zh": "编辑口令", "en": "Editor passcode"},
    "passcode_submit": {"zh": "进入编辑", "en": "Unlock editing"},
    "passcode_wrong": {"zh": "口令不正确。", "en": "That passcode is not right."},
    "read_only_visitor": {
        "zh": "只读：只有编辑人员可以上传或恢复数据。要开启编辑，请在服务器的 .streamlit/secrets.toml 中设置 "
        "editor_passcode，或在运行本程序的电脑上打开页面。",
        "en": "Read-only: only editors may upload or restore figures. To enable editing, set editor_passcode in "
        "the server's .streamlit/secrets.toml, or open the page on the machine that runs the app.",
    },
    "upload_intro": {
        "zh": "上传统计局的最新数据（CSV 或 Excel）。列：指标编号、时期、数值，可选备注、来源；中文或英文表头均可。"
        "文件中任何一行有问题，整个文件都不会保存。",
        "en": "Upload the newest figures (CSV or Excel). Columns: indicator, period, value, and optionally note and "
        "source, with Chinese or English headers. If any row has a problem, nothing from the file is stored.",
    },
    "template_csv": {"zh": "下载 CSV 模板", "en": "CSV template"},
    "template_xlsx": {"zh": "下载 Excel 模板", "en": "Excel template"},
    "choose_file": {"zh": "选择文件（最大 20 MB）", "en": "Choose a file (at most 20 MB)"},
    "checking": {"zh": "正在检查……", "en": "Checking…"},
    "file_unreadable": {"zh": "无法读取文件：{message}", "en": "The file cannot be read: {message}"},
    "problems_found": {
        "zh": "发现 {n} 个问题，文件中的数据都没有保存。请改正后重新上传。",
        "en": "{n} problem(s) found: nothing from this file was stored. Fix them and upload again.",
    },
    "row": {"zh": "行", "en": "Row"},
    "column": {"zh": "列", "en": "Column"},
    "problem": {"zh": "问题", "en": "Problem"},
    "preview_summary": {
        "zh": "预览：新增 {new} 条，修改 {changed} 条，不变 {unchanged} 条。",
        "en": "Preview: {new} new, {changed} changed, {unchanged} unchanged.",
    },
    "preview_status": {"zh": "类型", "en": "Kind"},
    "old_value": {"zh": "原数值", "en": "Old value"},
    "new_value": {"zh": "新数值", "en": "New value"},
    "change_pct": {"zh": "变化 %", "en": "Change %"},
    "check_again": {"zh": "请核对", "en": "Check"},
    "status_new": {"zh": "新增", "en": "new"},
    "status_changed": {"zh": "修改", "en": "changed"},
    "growth_without_level": {
        "zh": "{id} {period} 只有同比增速、没有数值：请在同一文件中给出该期数值，或先上传数值",
        "en": "{id} {period} has a growth but no level: give the level for that period in the same file, or upload "
        "it first",
    },
    "growth_twice": {
        "zh": "{id} {period} 的同比增速与第 {level_row} 行给出的不同：请只保留一个",
        "en": "the growth of {id} {period} differs from the one row {level_row} gives: keep only one",
    },
    "replaces_estimate": {"zh": "（替换预计值）", "en": " (replaces an estimate)"},
    "cli_import_replaces_estimate": {
        "zh": "第 {row} 行：{indicator} {period} = {value}，替换预计值 {old}",
        "en": "row {row}: {indicator} {period} = {value} replaces an estimate ({old})",
    },
    "status_unchanged": {"zh": "不变", "en": "unchanged"},
    "status_added": {"zh": "新增", "en": "added"},
    "status_removed": {"zh": "删除", "en": "removed"},
    "fields": {"zh": "变化的字段", "en": "Fields changed"},
    "author": {"zh": "提交人", "en": "Author"},
    "comment": {"zh": "修订说明", "en": "Comment"},
    "commit": {"zh": "保存为新版本", "en": "Store as a new revision"},
    "need_comment": {"zh": "请填写提交人和修订说明。", "en": "Please give an author and a comment."},
    "committed": {
        "zh": "已保存为第 {rev} 版：新增 {added} 条，修改 {changed} 条。所有页面已显示新数据。",
        "en": "Stored as revision {rev}: {added} added, {changed} changed. Every page now shows the new figures.",
    },
    "nothing_new": {
        "zh": "文件中的数据与已保存的完全相同，没有新版本。",
        "en": "Every figure in the file is already stored: no new revision.",
    },
    "history_intro": {
        "zh": "每次上传都是一个不可更改的版本。可以查看任一版本、比较两个版本，或把早先的版本恢复为新版本。",
        "en": "Every upload is an immutable revision. View any revision, compare two, or restore an "
        "earlier one as a new revision.",
    },
    "view_revision": {"zh": "查看此版本的看板", "en": "Open the dashboard as of this revision"},
    "compare": {"zh": "比较两个版本", "en": "Compare two revisions"},
    "from_rev": {"zh": "从", "en": "From"},
    "to_rev": {"zh": "到", "en": "To"},
    "no_difference": {"zh": "这两个版本的数据相同。", "en": "These revisions hold the same figures."},
    "restore": {"zh": "恢复此版本", "en": "Restore this revision"},
    "restore_confirm": {
        "zh": "把第 {rev} 版的数据恢复为一个新版本",
        "en": "Restore the figures of revision {rev} as a new revision",
    },
    "restored": {
        "zh": "已保存为第 {new} 版（恢复第 {rev} 版的数据）。",
        "en": "Stored as revision {new} (the figures of revision {rev}).",
    },
    "created_at": {"zh": "时间（北京时间）", "en": "Time (Beijing time, UTC+8)"},
    "added": {"zh": "新增", "en": "Added"},
    "changed": {"zh": "修改", "en": "Changed"},
    "removed": {"zh": "删除", "en": "Removed"},
    "restored_from": {"zh": "恢复自", "en": "Restores"},
    "more_indicators": {"zh": "另有 {n} 个指标（进度为 %）：", "en": "{n} more indicators (progress in %):"},
    "no_rows": {
        "zh": "文件中没有填写数值的行，没有可保存的数据。",
        "en": "No row of the file has a value: nothing to store.",
    },
    # Sharing, downloads and the HTML report (components/share.py, components/downloads.py, tracker/report.py).
    "share_title": {"zh": "分享此视图", "en": "Share this view"},
    "share_link": {"zh": "分享链接", "en": "Share link"},
    "share_help": {
        "zh": "用“复制链接”按钮复制：同事打开后看到同一页面、指标、语言和情景。",
        "en": "Copy it with the Copy link button: colleagues see the same page, indicator, language and scenario.",
    },
    "share_mode": {"zh": "链接中的数据", "en": "The link shows"},
    "share_latest": {"zh": "始终为最新数据", "en": "Always the latest figures"},
    "share_pinned": {"zh": "固定为第 {rev} 版", "en": "Pinned to revision {rev}"},
    "share_no_store": {
        "zh": "数据库不可用：链接不能固定版本。",
        "en": "No database: the link cannot be pinned to a revision.",
    },
    "banner_pinned": {
        "zh": "数据版本：第 {rev} 版（{date}）— 已有更新的数据（第 {latest} 版）。",
        "en": "As of revision {rev} ({date}) — newer figures exist (revision {latest}).",
    },
    "banner_latest": {"zh": "查看最新数据", "en": "See the latest figures"},
    "downloads_title": {"zh": "下载", "en": "Downloads"},
    "downloads_of": {"zh": "第 {rev} 版数据", "en": "Figures of revision {rev}"},
    "downloads_shipped": {"zh": "随软件发布的数据", "en": "The shipped figures"},
    "dl_figures": {"zh": "数据（含来源）", "en": "Figures, with sources"},
    "dl_status": {"zh": "进度评估表", "en": "Status table"},
    "dl_report": {"zh": "HTML 报告（可离线打开、可打印）", "en": "HTML report (offline, printable)"},
    "dl_charts": {"zh": "图表", "en": "Charts"},
    "png_no_font": {
        "zh": "服务器没有中文字体，无法生成 PNG，请下载 SVG（管理员可安装：apt-get install fonts-noto-cjk）。",
        "en": "The server has no Chinese font, so no PNG: download the SVG (an administrator can install one with "
        "apt-get install fonts-noto-cjk).",
    },
    "report_title": {"zh": "进度报告", "en": "Progress report"},
    "report_made": {"zh": "报告生成于 {date}", "en": "report made on {date}"},
    "report_shipped": {"zh": "随软件发布的数据（无数据库）", "en": "Shipped figures (no database)"},
    "report_footer": {
        "zh": "状态以图标和文字表示。进度 =（最新值 − 基期值）/（目标值 − 基期值）；速度评估方法见看板“方法说明”页。",
        "en": "Status is shown as an icon and a word. Progress = (latest − baseline) / (target − baseline); "
        "how pace is assessed is on the dashboard's Method page.",
    },
    "passcode_throttled": {
        "zh": "尝试次数过多，请在 {s} 秒后再试。忘记口令请询问运行本程序的人"
        "（.streamlit/secrets.toml 中的 editor_passcode）。",
        "en": "Too many attempts: try again in {s} s. If you have forgotten the passcode, ask whoever runs the app "
        "(editor_passcode in .streamlit/secrets.toml).",
    },
    "open_without_passcode": {
        "zh": "注意：服务器在 {address} 上监听且没有设置编辑口令。通过本机转发的连接（ssh -L、socat、反向代理）"
        "都会被当作本机访问者，可以修改数据。请在 .streamlit/secrets.toml 中设置 editor_passcode，"
        "或用 --server.address 127.0.0.1 启动。",
        "en": "Caution: the server listens on {address} and no editor passcode is set. Anyone whose connection is "
        "forwarded by this machine (ssh -L, socat, a reverse proxy) counts as a visitor on this machine and may change "
        "data. Set editor_passcode in .streamlit/secrets.toml, or start the app with --server.address 127.0.0.1.",
    },
    "stale_refused": {
        "zh": "没有保存：您预览（第 {base} 版）之后，有人修改了文件中的 {n} 条数据（现为第 {latest} 版）。"
        "保存会覆盖他们的数据。请点击“重新检查”，核对新的预览后再保存。",
        "en": "Not stored: since your preview (revision {base}), someone changed {n} of the figures in your file "
        '(now revision {latest}); storing would overwrite them. Click "Check again", review the new preview, '
        "then store.",
    },
    "stale_row": {
        "zh": "{indicator} {period}（{name}）：预览时为 {old}，第 {rev} 版改为 {now}，您的文件为 {mine}",
        "en": "{indicator} {period} ({name}): {old} in your preview, {now} since revision {rev}, {mine} in your file",
    },
    "stale_more": {"zh": "……另有 {n} 条", "en": "… and {n} more"},
    "check_again_button": {"zh": "重新检查（与最新数据比较）", "en": "Check again (against the newest figures)"},
    "store_failed": {
        "zh": "无法保存，数据库不可写：{error}。没有保存任何数据，已保存的数据也没有改变。请让管理员检查数据库"
        "（例如文件权限），然后再点击保存。",
        "en": "Cannot store: the database cannot be written ({error}). Nothing was stored and the stored figures "
        "are unchanged. Ask the administrator to check the database (for example its file permissions), then "
        "click Store again.",
    },
    "problems_shown": {
        "zh": "下面列出前 {shown} 个问题（共 {n} 个）；完整清单请下载 CSV。",
        "en": "The first {shown} of {n} problems are listed below; download the CSV for the full list.",
    },
    "problems_download": {"zh": "下载全部问题（CSV）", "en": "Download every problem (CSV)"},
    "problems_download_listed": {
        "zh": "下载前 {shown} 个问题（CSV）",
        "en": "Download the first {shown} problems (CSV)",
    },
    "problems_listed_first": {
        "zh": "共 {n} 个问题：下表列出前 {kept} 个，CSV 按行列出前 {shown} 个；各类问题的数目见下表。",
        "en": "{n} problems: the first {kept} are listed above and the first {shown} by row in the CSV; the table "
        "below counts each kind.",
    },
    "problems_unchecked": {
        "zh": "检查在第 {row} 行停止：在它之前已发现 {limit} 个以上无法读取的内容，第 {row} 行起的 {n} 行没有检查。"
        "请先改正列出的问题，再上传一次。",
        "en": "Checking stopped at row {row}: more than {limit} unreadable entries were found before it, and the {n} "
        "rows from row {row} on were not checked. Fix the problems listed and upload again.",
    },
    "problem_count": {"zh": "行数", "en": "Rows"},
    "first_row": {"zh": "首次出现的行", "en": "First row"},
    "example": {"zh": "示例", "en": "Example"},
    # issue 8 (state, overview): a viewer-safe read-only notice; a long note cut on a card.
    "read_only_viewer": {
        "zh": "数据库暂时无法使用，请稍后再试；若一直如此，请联系管理员查看服务器日志。",
        "en": "The database cannot be used right now. Try again later; if this persists, ask the administrator to "
        "check the server log.",
    },
    "read_only_fallback_public": {
        "zh": "{message}当前以只读方式显示随软件发布的数据。",
        "en": "{message} Showing the shipped figures, read-only.",
    },
    "full_note": {"zh": "展开全文（{n} 字）", "en": "Full text ({n} characters)"},
    # Reading an upload (tracker.reading): errors (the file cannot be read), refused rows and warnings
    "list_separator": {"zh": "、", "en": ", "},
    "role_indicator": {"zh": "指标", "en": "indicator"},
    "role_period": {"zh": "时期", "en": "period"},
    "role_value": {"zh": "数值", "en": "value"},
    "empty_file": {"zh": "文件是空的", "en": "the file is empty"},
    "no_data": {"zh": "文件里没有数据", "en": "the file has no data"},
    "line_too_long": {
        "zh": "第 {line} 行长达 {size}，不是表格的一行（每行应小于 1 MB，每个单元格小于 128 KB）："
        "请检查文件是否为导出的 CSV 表格，或另存为“CSV UTF-8”/.xlsx",
        "en": "line {line} is {size} long, which is not a table row (a line must be under 1 MB and a cell under "
        "128 KB): check that this is a CSV table, or save it again as CSV UTF-8 or .xlsx",
    },
    "old_excel": {
        "zh": "这是旧版 Excel（.xls）文件：请在 Excel 中另存为 .xlsx 或“CSV UTF-8”后再上传",
        "en": "this is an old Excel .xls file: save it from Excel as .xlsx or as CSV UTF-8 and upload that",
    },
    "pdf": {"zh": "这是 PDF 文件：请上传 CSV 或 .xlsx 表格", "en": "this is a PDF: upload a CSV or .xlsx spreadsheet"},
    "not_text": {
        "zh": "文件不是 UTF-8、GBK/GB18030 或 UTF-16 编码的表格{where}：请在 Excel 中另存为“CSV UTF-8”或 .xlsx",
        "en": "the file is not UTF-8, GBK/GB18030 or UTF-16: save it as CSV UTF-8 from Excel (or as .xlsx){where}",
    },
    "not_text_where": {"zh": "（第 {line} 行{why}）", "en": " (line {line} {why})"},
    "not_text_unreadable": {"zh": "无法读取", "en": "cannot be read"},
    "not_text_control": {
        "zh": "含有控制字符 0x{code:02X}，表格中不应出现",
        "en": "holds a control character (0x{code:02X}), which a table does not have",
    },
    "utf16_without_bom": {
        "zh": "这是没有字节顺序标记（BOM）的 UTF-16 文本：请在 Excel 中另存为“CSV UTF-8”",
        "en": "this is UTF-16 text without a byte-order mark: save it as CSV UTF-8 from Excel (or as .xlsx)",
    },
    "other_encoding": {
        "zh": "这个文件看起来是 {name} 编码的文字，不是 GBK 或 UTF-8：请在 Excel 中另存为“CSV UTF-8”后再上传",
        "en": "this looks like {name} text, not GBK or UTF-8: save it as CSV UTF-8 from Excel and upload that",
    },
    "not_chinese_gbk": {
        "zh": "这个文件看起来不是 GBK 编码的中文（可能是 Big5、Shift-JIS 或西文 cp1252）：请另存为“CSV UTF-8”",
        "en": "this does not look like Chinese in GBK (it may be Big5, Shift-JIS or Western (cp1252) text): "
        "save it as CSV UTF-8",
    },
    "mixed_encoding": {
        "zh": "第 {line} 行的编码与前面的行（UTF-8）不同：文件混用了多种编码，请在 Excel 中另存为“CSV UTF-8”",
        "en": "line {line} is not in the encoding of the lines before it (UTF-8): the file mixes encodings; "
        "save it as CSV UTF-8 from Excel",
    },
    "html": {
        "zh": "这是网页（HTML）另存的表格：请在 Excel 中打开，另存为 .xlsx 或“CSV UTF-8”后再上传",
        "en": "this is a web page (HTML) saved as a spreadsheet: open it in Excel and save it as .xlsx or CSV UTF-8",
    },
    "bad_csv": {
        "zh": "无法按 CSV 读取文件（第 {row} 行）：{error}",
        "en": "the file cannot be read as CSV (row {row}): {error}",
    },
    "csv_cell_too_long": {
        "zh": "第 {row} 行有一个单元格超过 128 KB，不是表格中的数据：请检查这一行（是否有未闭合的引号）",
        "en": "row {row} has a cell longer than 128 KB, which is not a figure: check that row (a quote that "
        "never closes?)",
    },
    "missing_columns": {
        "zh": "缺少必需的列：{missing}（表头找到：{shown}）。可用的列名：{accepted}",
        "en": "missing required columns: {missing} (header found: {shown}). Accepted header names: {accepted}",
    },
    "header_too_low": {
        "zh": "表头在第 {row} 行：表头必须在前 {rows} 行之内，请删除表头上方多余的行",
        "en": "the header is in row {row}: the header must be in the first {rows} rows; delete the rows above it",
    },
    "unclosed_quote": {
        "zh": '第 {row} 行的引号（"）没有闭合，其后的所有行都被读进了一个单元格：请补上引号或删除它',
        "en": 'row {row} opens a quote (") that never closes, so every line after it was read into one '
        "cell: close the quote or delete it",
    },
    "unclosed_quote_row": {
        "zh": '第 {row} 行的引号（"）没有闭合，其后的所有行都被读进了这一行：请补上引号或删除它',
        "en": 'row {row} opens a quote (") that never closes, so every line after it was read into this row: close '
        "the quote or delete it",
    },
    "swallowed_rows": {
        "zh": "第 {row} 行“{column}”列的单元格里含有换行和看起来像其他行的内容："
        '可能是一个多余的引号（"）把后面的行并进了这个单元格。请删除多余的引号，或把单元格中的逗号改为中文逗号',
        "en": "row {row} has a cell under {column!r} holding line breaks and what look like "
        'further rows: a stray quote (") probably took the rows after it into this cell; delete the '
        "stray quote, or write the commas in that cell as ，",
    },
    "cell_without_header": {
        "zh": "第 {row} 行在 {letter} 列有内容“{shown}”，但这一列没有表头：内容不会被读取。"
        "常见原因是数字中未加引号的逗号（如 1,767.3）：请去掉千位分隔符、给单元格加上引号，或给这一列写上表头",
        "en": "row {row} has {shown!r} in column {letter}, which has no header, so it would be lost: an unquoted comma "
        'in a number (1,767.3) is the likely cause; remove the thousands separator, quote the cell ("1,767.3") or '
        "give the column a header",
    },
    "too_many_cells": {
        "zh": "第 {row} 行有 {cells} 个单元格，而表头只有 {width} 列：单元格与表头对不上，数字可能被读错或丢失。"
        "常见原因是数字中未加引号的逗号（如 1,767.3）：请去掉千位分隔符，或给这个单元格加上引号",
        "en": "row {row} has {cells} cells but the header has {width} columns, so its cells do not line up with the "
        "header and a figure could be read wrong or lost: an unquoted comma in a number (1,767.3) is the likely "
        'cause; remove the thousands separator or quote the cell ("1,767.3")',
    },
    "unknown_column": {"zh": "不认识的列“{column}”，已忽略", "en": "unknown column {column!r} ignored"},
    "duplicate_column": {
        "zh": "列“{column}”与“{kept}”含义相同，已忽略",
        "en": "column {column!r} means the same as {kept!r}; ignored",
    },
    # Reading an .xlsx workbook (tracker.xlsx)
    "bad_xlsx": {
        "zh": "这不是可读取的 Excel 工作簿（.xlsx）：请在 Excel 中重新另存为 .xlsx 或“CSV UTF-8”（{error}）",
        "en": "this is not a readable Excel workbook (.xlsx): save it again from Excel as .xlsx or CSV UTF-8 ({error})",
    },
    "damaged_xlsx": {
        "zh": "这个 .xlsx 文件已损坏：请在 Excel 中打开并重新保存后再上传（{error}）",
        "en": "the .xlsx file is damaged: open it in Excel and save it again, then upload it ({error})",
    },
    "xlsx_too_big": {
        "zh": "这个 .xlsx 文件解压后过大（{detail}）：请删去多余的工作表和内容，或另存为“CSV UTF-8”后再上传",
        "en": "the .xlsx file is too large once unzipped ({detail}): delete the sheets and cells it does not need, "
        "or save it as CSV UTF-8 and upload that",
    },
    "xlsx_ratio": {"zh": "{member} 压缩比为 {ratio}:1", "en": "{member} inflates {ratio} times"},
    "xlsx_total": {"zh": "{size:,.0f} MB，上限 {limit} MB", "en": "{size:,.0f} MB, the limit is {limit} MB"},
    "xlsx_more_than_mb": {"zh": "超过 {limit} MB", "en": "more than {limit} MB"},
    "xlsx_part": {"zh": "{member} 有 {size:,.0f} MB", "en": "{member} is {size:,.0f} MB"},
    "xlsx_strings": {"zh": "超过 {limit:,} 个不同的文字", "en": "more than {limit:,} distinct texts"},
    "xlsx_cells": {"zh": "超过 {limit:,} 个单元格", "en": "more than {limit:,} cells"},
    "no_sheet": {"zh": "工作簿中没有工作表", "en": "the workbook has no sheets"},
    "no_sheet_named": {
        "zh": "工作簿中没有名为“{sheet}”的工作表；现有：{names}",
        "en": "the workbook has no sheet named {sheet!r}; it has {names}",
    },
    "other_sheet": {
        "zh": "工作表“{first}”没有表头，已读取工作表“{sheet}”",
        "en": "the sheet {first!r} has no header row; read the sheet {sheet!r} instead",
    },
    "unread_sheets": {
        "zh": "只读取了工作表“{sheet}”；工作表{later}中的数据未读取",
        "en": "only the sheet {sheet!r} was read; the data in the sheet(s) {later} was not: upload each sheet on its "
        "own, or choose the sheet",
    },
    "quoted_sheet": {"zh": "“{sheet}”", "en": "{sheet!r}"},
    "where_workbook": {"zh": "工作簿中", "en": "a text in the workbook"},
    "where_sheet_row": {"zh": "工作表“{sheet}”第 {row} 行中", "en": "a cell in row {row} of the sheet {sheet!r}"},
    "where_sheet": {"zh": "工作表“{sheet}”中", "en": "a cell of the sheet {sheet!r}"},
    "where_cell": {
        "zh": "工作表“{sheet}”的单元格 {ref}（第 {row} 行，{letters} 列）",
        "en": "the cell {ref} (row {row}, column {letters}) of the sheet {sheet!r}",
    },
    "cell_too_long": {
        "zh": "{where}{has}超过 {limit:,} 个字符的上限：请缩短这个单元格后再上传",
        "en": "{where} {has}more than the limit of {limit:,} characters: shorten it and upload again",
    },
    "cell_has_length": {"zh": "有 {length:,} 个字符，", "en": "holds {length:,} characters, "},
    "cell_has_text": {"zh": "的文字", "en": "holds "},
    "too_many_columns": {
        "zh": "{where}超出了 {limit} 列（{letters} 列）的上限：请删去表格右侧多余的列",
        "en": "{where} is past the limit of {limit} columns (column {letters}): delete the extra columns on the right",
    },
    "too_many_rows": {
        "zh": "工作表“{sheet}”的第 {row:,} 行超出了 {limit:,} 行的上限：请分成几个文件上传",
        "en": "row {row:,} of the sheet {sheet!r} is past the limit of {limit:,} rows: split it into several files",
    },
    # Reading a value cell (tracker.values)
    "empty_value": {"zh": "没有填写数值", "en": "the value is empty"},
    "wrong_unit": {
        "zh": "“{shown}”的单位是{word}，但该指标以{unit}计：请填写以{unit}计的数字",
        "en": "{shown!r} is in {word}, but this indicator is kept in {unit}: give a number in {unit}",
    },
    "magnitude_on_percent": {
        "zh": "“{shown}”带有数量级{magnitude}，但该指标是百分比：请填写如 8.1 或 8.1%",
        "en": "{shown!r} has the magnitude {magnitude}, but this indicator is a percentage: write 8.1 or 8.1%",
    },
    "decimal_comma": {
        "zh": "“{shown}”：数字中的逗号只能用来分隔千位（如 12,345.6），小数点请用“.”：请写成 {meant}",
        "en": "{shown!r}: a comma inside a number must separate thousands (such as 12,345.6), and the decimal point "
        "is a dot — write {meant}",
    },
    "bad_separator": {
        "zh": "“{shown}”：数字中的逗号只能每三位分隔千位（如 12,345,678 或 1,767.3）：请检查这个数字",
        "en": "{shown!r}: a comma inside a number must separate thousands in groups of three (such as 12,345,678 or "
        "1,767.3): check this number",
    },
    "out_of_range": {
        "zh": "“{shown}”太大或太小，无法作为数字保存：请检查数量级和指数",
        "en": "{shown!r} is too large or too small to be a representable number: check its magnitude and exponent",
    },
    "not_a_number": {
        "zh": "“{shown}”不是数字：请只填写数字，可带单位，如 1767.3、1.2万亿、3,200家、8.1%",
        "en": "{shown!r} is not a number: write a number, optionally with a unit, such as 1767.3, 1.2万亿, 3,200家 "
        "or 8.1%",
    },
    # Checking an upload (tracker.upload): problems of a row, and warnings
    "list_and": {"zh": "、", "en": " and "},
    "skipped_empty": {
        "zh": "{count} 行没有数值，已跳过（第 {rows} 行）",
        "en": "{count} row(s) have no value and were skipped (rows {rows})",
    },
    "empty_indicator": {
        "zh": "没有填写指标：请填写指标编号（如 gdp）或指标名称",
        "en": "the indicator is empty: give an indicator id (such as gdp) or its name",
    },
    "unknown_indicator": {
        "zh": "不认识的指标“{text}”：请使用指标编号或名称",
        "en": "unknown indicator {text!r}: use an indicator id or name",
    },
    "unknown_indicator_hint": {
        "zh": "不认识的指标“{text}”：请使用指标编号或名称，是否是“{hint}”？",
        "en": "unknown indicator {text!r}: use an indicator id or name; did you mean {hint!r}?",
    },
    "derived_indicator": {
        "zh": "“{id}”由 {inputs} 计算得出，不要上传：请删除这一行",
        "en": "{id} is computed from {inputs}, don't upload it: delete this row",
    },
    "empty_period": {
        "zh": "没有填写时期：请填写如 2023、2023年1-9月、2023Q3",
        "en": "the period is empty: write one such as 2023, 2023年1-9月 or 2023Q3",
    },
    "future_year": {
        "zh": "{period} 年还没有结束（今天是 {today}）：全年数据请在年度结束后上传，"
        "本年累计请按月填写（如 {period}年1-9月）",
        "en": "the year {period} has not ended yet (today is {today}): upload the annual figure once the year is "
        "over; for the year so far give a month (such as {period}年1-9月)",
    },
    "future_period": {
        "zh": "时期 {period} 还没有结束（今天是 {today}）：请检查年份或月份",
        "en": "the period {period} has not ended yet (today is {today}): check the year or month",
    },
    "negative_count": {
        "zh": "数量不能为负数（{value:g}{unit}）：请检查符号",
        "en": "a count cannot be negative ({value:g} {unit}): check the sign",
    },
    "negative_ratio": {
        "zh": "比率不能为负数（{value:g}%）：请检查符号",
        "en": "a ratio cannot be below 0 ({value:g}%): check the sign",
    },
    "bad_qualifier": {
        "zh": "限定词“{text}”无法识别：请填写 exact（准确）、at_least（以上/余/超过）或 about（约/近），或留空",
        "en": "the qualifier “{text}” is not one: write exact, at_least or about, or leave it empty",
    },
    "bad_flags": {
        "zh": "标记“{text}”无法识别：请填写 estimate、revised、break、proxy、year_to_date 中的一个或多个"
        "（用逗号分隔），或留空",
        "en": "the flags “{text}” are not known: write one or more of estimate, revised, break, proxy, year_to_date "
        "(separated by commas), or leave it empty",
    },
    "bad_growth": {
        "zh": "同比增长“{text}”不是百分数：请填写如 7.8 或 7.8%，或留空",
        "en": "the growth “{text}” is not a percentage: write e.g. 7.8 or 7.8%, or leave it empty",
    },
    "implausible_ratio": {
        "zh": "比率 {value:g}% 超过 100%，不太可能：请再核对一次（如 8.1% 应填 8.1，而不是 0.081 或 810）",
        "en": "a ratio of {value:g}% is above 100%, which is implausible: check it again (8.1% is written 8.1)",
    },
    "duplicate": {
        "zh": "{id} {period} 重复出现（第 {rows} 行）：请只保留一行",
        "en": "{id} {period} appears more than once (rows {rows}): keep one row",
    },
    # Previewing an upload (tracker.preview): why a row asks for a second look ({pct} such as "+60%")
    "jump_stored": {"zh": "比原数值变化 {pct}", "en": "{pct} against the stored value"},
    "jump_previous": {
        "zh": "比 {period} 变化 {pct}，请再核对一次",
        "en": "{pct} against {period}: please check it again",
    },
    "jump_both": {"zh": "{stored}；{previous}", "en": "{stored}; {previous}"},
    # Reading a period (tracker.periods)
    "bad_period": {
        "zh": "无法识别时期“{text}”：请写年份（2023）、月份（2023-09、2023年9月）、季度（2023Q3）或累计（2023年1-9月）",
        "en": "cannot read the period {text!r}: write a year (2023, 2023年), a month (2023-09, 2023年9月), "
        "a quarter (2023Q3, 2023年第三季度) or a year to date (2023年1-9月)",
    },
    "period_no_such_day": {
        "zh": "无法识别时期“{text}”：{year}-{month:02d} 没有 {day} 日，这不是日期：请填写月份（如 {year}-{month:02d}）"
        "或正确的日期",
        "en": "cannot read the period {text!r}: {year}-{month:02d} has no day {day}, so this is not a date; write the "
        "month (such as {year}-{month:02d}) or a real date",
    },
    "period_empty": {"zh": "没有填写时期", "en": "empty period"},
    # A period as readers say it (tracker.periods.describe)
    "period_year": {"zh": "{year}年", "en": "{year}"},
    "period_quarter": {"zh": "{year}年第{quarter}季度", "en": "{year} Q{quarter}"},
    "period_month": {"zh": "{year}年{month}月", "en": "{month} {year}"},
    "period_ytd": {"zh": "{period}（{ytd}）", "en": "{period} ({ytd})"},
    "month_1": {"zh": "1", "en": "Jan"},
    "month_2": {"zh": "2", "en": "Feb"},
    "month_3": {"zh": "3", "en": "Mar"},
    "month_4": {"zh": "4", "en": "Apr"},
    "month_5": {"zh": "5", "en": "May"},
    "month_6": {"zh": "6", "en": "Jun"},
    "month_7": {"zh": "7", "en": "Jul"},
    "month_8": {"zh": "8", "en": "Aug"},
    "month_9": {"zh": "9", "en": "Sep"},
    "month_10": {"zh": "10", "en": "Oct"},
    "month_11": {"zh": "11", "en": "Nov"},
    "month_12": {"zh": "12", "en": "Dec"},
    # issue 12 §2–3: plans in the revision sequence (tracker.importing plans, tracker.plansync, python -m tracker
    # plans / plan import|export|sync / rollback --parts)
    "plansync_file_differs": {
        "zh": "{file} 与第 {revision} 版同步的内容不同：{changes}",
        "en": "{file} differs from revision {revision}: {changes}",
    },
    "plansync_pillars_added": {"zh": "新增 {count} 个支柱", "en": "{count} pillar(s) added"},
    "plansync_pillars_changed": {"zh": "{count} 个支柱有改动", "en": "{count} pillar(s) changed"},
    "plansync_pillars_removed": {"zh": "删除 {count} 个支柱", "en": "{count} pillar(s) removed"},
    "plansync_indicators_added": {"zh": "新增 {count} 个指标", "en": "{count} indicator(s) added"},
    "plansync_indicators_changed": {"zh": "{count} 个指标有改动", "en": "{count} indicator(s) changed"},
    "plansync_indicators_removed": {"zh": "删除 {count} 个指标", "en": "{count} indicator(s) removed"},
    "plansync_milestones_added": {"zh": "新增 {count} 个目标", "en": "{count} target(s) added"},
    "plansync_milestones_changed": {"zh": "{count} 个目标有改动", "en": "{count} target(s) changed"},
    "plansync_milestones_removed": {"zh": "删除 {count} 个目标", "en": "{count} target(s) removed"},
    "plansync_figures_added": {"zh": "新增 {count} 条数据", "en": "{count} figure(s) added"},
    "plansync_figures_changed": {"zh": "{count} 条数据有改动", "en": "{count} figure(s) changed"},
    "plansync_figures_removed": {"zh": "删除 {count} 条数据", "en": "{count} figure(s) removed"},
    "plansync_no_changes": {"zh": "没有变化", "en": "no changes"},
    "plan_import_no_plan_id": {
        "zh": "方案需要编号：请用 --plan 编号 指定，或在“关于”表中填写 plan_id",
        "en": "the plan needs an id: give --plan ID or fill plan_id on the about sheet",
    },
    "plan_import_no_title": {
        "zh": "新方案需要标题：请用 --title 指定，或在“关于”表中填写 title_zh",
        "en": "a new plan needs a title: give --title or fill title_zh on the about sheet",
    },
    "plan_import_rule": {
        "zh": "{file}，第 {row} 行，“{column}”列：{message}",
        "en": "{file}, row {row}, column {column}: {message}",
    },
    "cli_plans_row": {
        "zh": "{plan_id}  {title}  {indicators} 个指标  {milestones} 个目标  第 {revision} 版",
        "en": "{plan_id}  {title}  {indicators} indicators  {milestones} milestones  revision {revision}",
    },
    "cli_unknown_plan": {
        "zh": "没有方案“{plan_id}”：现有方案为 {plans}（见 python -m tracker plans）",
        "en": "there is no plan {plan_id!r}: the plans are {plans} (see python -m tracker plans)",
    },
    "cli_plan_counts": {
        "zh": "{where}：方案 {plan_id}{new}：{changes}",
        "en": "{where}: plan {plan_id}{new}: {changes}",
    },
    "cli_plan_new": {"zh": "（新方案）", "en": " (new)"},
    "cli_plan_status_change": {
        "zh": "  {milestone} 的状态：{before} → {after}",
        "en": "  status of {milestone}: {before} → {after}",
    },
    "cli_plan_status_none": {"zh": "（无）", "en": "(none)"},
    "cli_plan_kept_figures": {
        "zh": "  指标 {indicator} 移出方案：其 {count} 条数据仍保留在数据库中，指标恢复后重新显示",
        "en": "  indicator {indicator} leaves the plan: its {count} figure(s) stay in the store and come back "
        "if the indicator does",
    },
    "cli_plan_not_stored": {
        "zh": "  警告：{columns} 列暂不保存，已略过",
        "en": "  warning: the column(s) {columns} are not stored yet and were left out",
    },
    "cli_plan_unchanged": {
        "zh": "{where}：方案 {plan_id} 已与此文件相同，无需保存。",
        "en": "{where}: the plan {plan_id} already equals this file: nothing to store.",
    },
    "cli_plan_stored": {
        "zh": "第 {revision} 版：已保存方案 {plan_id}",
        "en": "revision {revision}: plan {plan_id} stored",
    },
    "cli_plan_exported": {
        "zh": "第 {revision} 版：方案 {plan_id}（{indicators} 个指标，{milestones} 个目标）已写入 {file}",
        "en": "revision {revision}: plan {plan_id} ({indicators} indicators, {milestones} milestones) "
        "written to {file}",
    },
    "cli_sync_none": {
        "zh": "{folder} 与第 {revision} 版同步的 CSV 相同：无需同步。",
        "en": "{folder} equals the CSVs synced at revision {revision}: nothing to sync.",
    },
    "cli_sync_figure_kept": {
        "zh": "  数据 {key} 已不在 {folder}figures.csv 中：仍保留在数据库中",
        "en": "  figure {key} is no longer in {folder}figures.csv: it stays in the store",
    },
    "cli_sync_stored": {
        "zh": "第 {revision} 版：已同步 {folder} 的修改",
        "en": "revision {revision}: the edit of {folder} synced",
    },
    "restore_preview_figures": {
        "zh": "数据：{back} 条恢复，{gone} 条此后新增的将移除，{changed} 条改回原值",
        "en": "figures: {back} come back, {gone} added since go, {changed} get their old value back",
    },
    "restore_preview_plan": {"zh": "方案 {plan_id}：{changes}", "en": "plan {plan_id}: {changes}"},
    "restore_preview_nothing": {"zh": "{part}：没有需要撤销的内容", "en": "{part}: nothing to undo"},
    "restore_part_figures": {"zh": "数据", "en": "figures"},
    "restore_part_plan": {"zh": "方案", "en": "plan"},
    "plan_part_pillars": {"zh": "支柱", "en": "pillar"},
    "plan_part_indicators": {"zh": "指标", "en": "indicator"},
    "plan_part_milestones": {"zh": "目标", "en": "target"},
    "plan_part_figures": {"zh": "数据", "en": "figure"},
    "cli_bad_parts": {
        "zh": "无法恢复“{parts}”：--parts 可选 {known}（用逗号分隔）",
        "en": "cannot restore {parts}: --parts takes {known} (separated by commas)",
    },
    "cli_plan_export_suffix": {
        "zh": "无法写入 {file}：方案导出为 .xlsx 工作簿或 .zip（CSV 压缩包），请换用其中一种文件名",
        "en": "cannot write {file}: a plan is exported as an .xlsx workbook or a .zip of CSVs; name the file so",
    },
    # end of issue 12 §2–3
    # issue 12 §1–2 on the pages: the upload page's plan tab, the indicator page's target form, the data/ sync
    # notice (components/plan_sync.py) and the history page's plan lines and rollback parts
    "upload_tab_figures": {"zh": "数据", "en": "Figures"},
    "upload_tab_plan": {"zh": "规划", "en": "Plan"},
    "plan_tab_intro": {
        "zh": "上传规划文件（XLSX 工作簿，或 CSV 文件的 ZIP 压缩包）：“指标”和“目标”两张表，可选“支柱”和“关于”，"
        "表头用中文或英文均可。先检查，再预览改动，确认后保存为新版本；文件有任何问题都不会保存。",
        "en": "Upload a plan file (an XLSX workbook, or a ZIP of CSV files): the sheets indicators and milestones, "
        "optionally pillars and about, headers in Chinese or English. It is checked, then previewed; storing makes "
        "a new revision. A file with any problem stores nothing.",
    },
    "plan_tab_editors": {
        "zh": "只有编辑者可以上传规划（请在“数据”标签页登录）。",
        "en": "Only editors can upload a plan (sign in on the Figures tab).",
    },
    "plan_template_download": {"zh": "下载规划模板（XLSX）", "en": "Download the plan template (XLSX)"},
    "plan_current_download": {
        "zh": "下载当前规划 {plan_id}（XLSX）",
        "en": "Download the current plan {plan_id} (XLSX)",
    },
    "plan_choose_file": {"zh": "选择规划文件", "en": "Choose a plan file"},
    "plan_id_input": {"zh": "方案编号（可不填）", "en": "Plan id (optional)"},
    "plan_id_help": {
        "zh": "不填则用文件“关于”表中的方案编号；填写已有方案的编号会替换该方案的指标和目标（预览列出差别）。",
        "en": "Empty: the plan id on the file's about sheet. An existing plan's id replaces that plan's indicators and "
        "milestones (the preview lists the difference).",
    },
    "plan_title_input": {"zh": "中文标题（可不填）", "en": "Chinese title (optional)"},
    "plan_title_help": {"zh": "填写后替换文件中的中文标题。", "en": "Replaces the file's Chinese title."},
    "plan_sheet": {"zh": "工作表", "en": "Sheet"},
    "plan_tab_no_plan_id": {
        "zh": "规划需要编号：请在上方“方案编号”中填写，或在文件“关于”表中填写方案编号",
        "en": "the plan needs an id: fill in “Plan id” above, or the plan id on the file's about sheet",
    },
    "plan_tab_no_title": {
        "zh": "新规划需要标题：请在上方“中文标题”中填写，或在文件“关于”表中填写中文标题",
        "en": "a new plan needs a title: fill in “Chinese title” above, or the Chinese title on the file's about sheet",
    },
    "plan_problems_found": {
        "zh": "发现 {n} 个问题：没有保存任何内容。请按下表的工作表、行和列改正文件后重新上传。",
        "en": "{n} problem(s) found: nothing was stored. Correct the file at each sheet, row and column below, then "
        "upload it again.",
    },
    "plan_part": {"zh": "类别", "en": "Part"},
    "plan_row_id": {"zh": "编号", "en": "Id"},
    "plan_row_name": {"zh": "名称", "en": "Name"},
    "plan_old_new": {"zh": "原值 → 新值", "en": "Old → new"},
    "plan_status_added": {"zh": "新增", "en": "Added"},
    "plan_status_changed": {"zh": "修改", "en": "Changed"},
    "plan_status_removed": {"zh": "删除", "en": "Removed"},
    "plan_status_none": {"zh": "（无）", "en": "(none)"},
    "plan_target": {"zh": "目标", "en": "Target"},
    "plan_preview_new": {
        "zh": "预览：新方案 {plan_id}“{title}”（基于第 {rev} 版）：{changes}",
        "en": "Preview: a new plan {plan_id}, “{title}” (against revision {rev}): {changes}",
    },
    "plan_preview_existing": {
        "zh": "预览：方案 {plan_id}“{title}”与第 {rev} 版相比：{changes}",
        "en": "Preview: plan {plan_id}, “{title}”, against revision {rev}: {changes}",
    },
    "plan_kept_figures": {
        "zh": "指标 {indicator} 将移出方案：它的 {count} 条数据仍保留在数据库中，指标恢复后会重新显示。",
        "en": "Indicator {indicator} leaves the plan: its {count} figure(s) stay in the store and come back if the "
        "indicator does.",
    },
    "plan_not_stored": {
        "zh": "“{columns}”列暂不保存，已略过。",
        "en": "The column(s) {columns} are not stored yet and were left out.",
    },
    "plan_column_kind": {"zh": "指标属性", "en": "kind"},
    "plan_column_owner": {"zh": "责任部门", "en": "owner"},
    "plan_column_cadence": {"zh": "统计频率", "en": "cadence"},
    "plan_status_title": {"zh": "因此改变状态的目标", "en": "Targets whose status this changes"},
    "plan_status_unchanged": {"zh": "没有目标的状态因此改变。", "en": "No target's status changes."},
    "plan_commit": {"zh": "保存规划为新版本", "en": "Store the plan as a new revision"},
    "plan_unchanged": {
        "zh": "方案 {plan_id} 已与此文件相同，无需保存。",
        "en": "The plan {plan_id} already equals this file: nothing to store.",
    },
    "plan_stored": {
        "zh": "已保存为第 {rev} 版：方案 {plan_id}。历史页可查看和恢复。",
        "en": "Stored as revision {rev}: plan {plan_id}. The history page lists it and can restore it.",
    },
    "plan_stale_refused": {
        "zh": "没有保存：预览之后，第 {by} 版修改了方案 {plan_id}（预览基于第 {base} 版，现在是第 {latest} 版）。"
        "请重新检查文件，看过新的预览后再保存。",
        "en": "Not stored: revision {by} changed the plan {plan_id} after your preview (made against revision "
        "{base}; now at revision {latest}). Check the file again and review the new preview before storing.",
    },
    "milestone_edit_title": {"zh": "修改目标", "en": "Edit a target"},
    "milestone_edit_intro": {
        "zh": "修改一个目标的目标值、目标年份、约束方向或规划原文。按规划文件的同样规则检查，保存为新版本，"
        "历史页可查看和恢复；固定在早先版本的链接仍显示原来的目标。",
        "en": "Change a target's value, period, bound or quote. It is checked as a plan file is and stored as a new "
        "revision, which the history page lists and can restore; a link pinned to an earlier revision still shows "
        "the old target.",
    },
    "milestone_edit_choose": {"zh": "要修改的目标", "en": "Target to edit"},
    "milestone_edit_value": {"zh": "目标值", "en": "Target value"},
    "milestone_edit_multiple": {"zh": "目标倍数（基期值的倍数）", "en": "Target multiple (of the baseline)"},
    "milestone_edit_period": {"zh": "目标年份", "en": "Target period"},
    "milestone_edit_bound": {"zh": "约束方向", "en": "Bound"},
    "milestone_edit_quote": {"zh": "规划原文", "en": "Quote from the plan"},
    "milestone_bound_at_least": {"zh": "不低于", "en": "at least"},
    "milestone_bound_about": {"zh": "左右", "en": "about"},
    "milestone_bound_above": {"zh": "超过", "en": "above"},
    "milestone_bound_at_most": {"zh": "不超过", "en": "at most"},
    "milestone_bound_below": {"zh": "低于", "en": "below"},
    "milestone_edit_save": {"zh": "保存修改为新版本", "en": "Store the change as a new revision"},
    "milestone_edit_problems": {
        "zh": "修改有 {n} 个问题，没有保存：",
        "en": "The change has {n} problem(s); nothing was stored:",
    },
    "milestone_edit_stored": {"zh": "已保存为第 {rev} 版：{changes}。", "en": "Stored as revision {rev}: {changes}."},
    "milestone_edit_unchanged": {
        "zh": "目标没有改动，无需保存。",
        "en": "The target is unchanged: nothing to store.",
    },
    "milestone_edit_pinned": {
        "zh": "正在查看第 {rev} 版：要修改目标，请回到最新版本。",
        "en": "Viewing revision {rev}: go back to the latest revision to edit a target.",
    },
    "milestone_edit_stale": {
        "zh": "没有保存：打开此页后，第 {by} 版修改了方案（现在是第 {latest} 版）。请刷新页面后重新修改。",
        "en": "Not stored: revision {by} changed the plan after you opened this page (now at revision {latest}). "
        "Reload the page and make the change again.",
    },
    "plansync_notice": {
        "zh": "{folder} 中的 CSV 文件已被修改；在你检查并保存之前不会应用：",
        "en": "The CSV files in {folder} were edited; the edit is not applied until you check and store it:",
    },
    "plansync_check": {"zh": "检查并预览这些修改", "en": "Check and preview the edit"},
    "plansync_file": {"zh": "文件", "en": "File"},
    "plansync_preview": {
        "zh": "预览：同步只应用 {folder} 中改动的行，其余保持数据库现状（基于第 {rev} 版）。",
        "en": "Preview: a sync applies only the rows the edit of {folder} changed; everything else stays as stored "
        "(against revision {rev}).",
    },
    "plansync_problems": {
        "zh": "{folder} 的修改有 {n} 个问题，没有保存：",
        "en": "The edit of {folder} has {n} problem(s); nothing was stored:",
    },
    "plansync_kept": {
        "zh": "数据 {key} 已不在 {folder}figures.csv 中：仍保留在数据库中。",
        "en": "Figure {key} is no longer in {folder}figures.csv: it stays in the store.",
    },
    "plansync_commit": {"zh": "保存这些修改为新版本", "en": "Store the edit as a new revision"},
    "plansync_cancel": {"zh": "暂不处理", "en": "Not now"},
    "plansync_stored": {
        "zh": "已保存为第 {rev} 版：{folder} 的修改已同步。",
        "en": "Stored as revision {rev}: the edit of {folder} is synced.",
    },
    "plansync_stale": {
        "zh": "没有保存：预览之后，第 {by} 版修改了方案（现在是第 {latest} 版）。请重新检查。",
        "en": "Not stored: revision {by} changed the plan after the preview (now at revision {latest}). Check again.",
    },
    "history_plan_changes": {"zh": "规划改动", "en": "Plan changes"},
    "restore_parts": {"zh": "恢复哪些内容", "en": "What to restore"},
    "restore_part_notes": {"zh": "说明", "en": "notes"},
    "restore_choice_figures": {"zh": "数据", "en": "Figures"},
    "restore_choice_plan": {"zh": "规划", "en": "Plan"},
    "restore_choice_notes": {"zh": "说明", "en": "Notes"},
    "restore_need_part": {"zh": "请至少选择一项要恢复的内容。", "en": "Choose at least one part to restore."},
    "restore_confirm_parts": {
        "zh": "把第 {rev} 版的{parts}恢复为一个新版本",
        "en": "Restore the {parts} of revision {rev} as a new revision",
    },
    "restore_preview_title": {
        "zh": "恢复第 {rev} 版的所选内容将撤销：",
        "en": "Restoring these parts of revision {rev} undoes:",
    },
    "restore_preview_notes": {
        "zh": "说明：{back} 条恢复，{gone} 条此后新增的将删除，{changed} 条改回原文",
        "en": "notes: {back} come back, {gone} added since go, {changed} get their old text back",
    },
    "restored_parts": {
        "zh": "已恢复第 {rev} 版的{parts}：新版本 {new}。",
        "en": "Restored the {parts} of revision {rev} as revision {new}.",
    },
    "restored_notes": {
        "zh": "已恢复第 {rev} 版的说明：新版本 {new}。",
        "en": "Restored the notes of revision {rev} as revision {new}.",
    },
    # end of issue 12 §1–2 on the pages
    # python -m tracker import
    "cli_warning": {"zh": "警告：{where}{message}", "en": "warning: {where}{message}"},
    "cli_where_row": {"zh": "第 {row} 行", "en": "row {row}"},
    "cli_where_column": {"zh": "“{column}”列", "en": "column {column}"},
    "cli_where_join": {"zh": "，", "en": ", "},
    "cli_where_end": {"zh": "：", "en": ": "},
    "cli_error": {"zh": "错误：{message}", "en": "error: {message}"},
    "cli_cannot_read": {
        "zh": "无法读取 {path}：{why}；请检查路径后重试",
        "en": "cannot read {path}: {why}; check the path and try again",
    },
    "cli_cannot_write": {
        "zh": "无法写入 {path}：{why}；请检查路径后重试",
        "en": "cannot write {path}: {why}; check the path and try again",
    },
    "cli_no_such_file": {"zh": "文件不存在", "en": "no such file"},
    "cli_no_such_folder": {"zh": "所在文件夹不存在", "en": "its folder does not exist"},
    "cli_is_a_folder": {"zh": "这是文件夹，不是文件", "en": "it is a folder, not a file"},
    "cli_permission_denied": {"zh": "没有权限", "en": "permission denied"},
    "cli_no_revision": {
        "zh": "没有第 {revision} 版：版本编号为 1 至 {latest}（见 python -m tracker history）",
        "en": "there is no revision {revision}: revisions are numbered 1 to {latest} (see python -m tracker history)",
    },
    "cli_more_problems": {
        "zh": "另有 {more} 个问题未列出；各类问题数：",
        "en": "{more} more not listed; problems by kind:",
    },
    "cli_problems_written": {"zh": "全部问题已写入 {file}", "en": "every problem is in {file}"},
    "cli_problems_csv_hint": {
        "zh": "用 --problems-csv FILE 把全部问题写入 CSV 文件",
        "en": "use --problems-csv FILE to write every problem to a CSV file",
    },
    "cli_problems_listed": {
        "zh": "全部 {count} 个问题中，CSV 只列出按行排在前面的 {shown} 个",
        "en": "the CSV lists the first {shown} of the {count} problems, by row",
    },
    "cli_problems_total": {
        "zh": "共 {count} 个问题：没有保存任何数据。",
        "en": "{count} problem(s): nothing was stored.",
    },
    "cli_import_no_values": {
        "zh": "{file}：没有任何一行有数值，未保存。",
        "en": "{file}: no row has a value; nothing to store.",
    },
    "cli_import_counts": {
        "zh": "{where}：新增 {new} 行，修改 {changed} 行，未变 {unchanged} 行，需核对 {flagged} 行",
        "en": "{where}: {new} new, {changed} changed, {unchanged} unchanged, {flagged} flagged",
    },
    "cli_import_flagged_row": {
        "zh": "第 {row} 行 {indicator} {period} {value}：{reason}",
        "en": "row {row} {indicator} {period} {value}: {reason}",
    },
    "cli_import_more_flagged": {"zh": "另有 {n} 行需核对，未列出", "en": "{n} more flagged rows not listed"},
    "cli_import_dry_run": {
        "zh": "试运行（--dry-run）：没有保存任何数据。",
        "en": "dry run (--dry-run): nothing was stored.",
    },
    "cli_import_all_stored": {
        "zh": "{file}：所有数值都已保存过，没有新版本。",
        "en": "{file}: every figure is already stored; no new revision.",
    },
    "cli_import_stored": {
        "zh": "第 {revision} 版：新增 {added} 个，修改 {changed} 个，来自 {file} 的 {rows} 行",
        "en": "revision {revision}: {added} added, {changed} changed, from {rows} rows of {file}",
    },
    # Upload page and share control (issue 10)
    "preview_flagged": {
        "zh": "{flagged} 条变化较大：请在下表“请核对”列逐条再核对一次，确认无误再保存。",
        "en": "{flagged} flagged for a second look: check each in the table's Check column before storing.",
    },
    "see_overview": {"zh": "查看总览", "en": "See the overview"},
    "upload_limits": {
        "zh": "单个文件最大 {mb} MB，格式：{formats}",
        "en": "At most {mb} MB a file; formats: {formats}",
    },
    "uploader_drop": {"zh": "把文件拖到这里", "en": "Drag and drop a file here"},
    "uploader_browse": {"zh": "选择文件", "en": "Browse files"},
    "share_copy": {"zh": "复制链接", "en": "Copy link"},
    "share_copied": {"zh": "已复制", "en": "Copied"},
    "share_copy_failed": {
        "zh": "无法自动复制：请长按或选中上面的链接后复制",
        "en": "Cannot copy automatically: select the link above and copy it",
    },
    "share_local": {
        "zh": "这个地址（{host}）只在运行本程序的电脑上能打开，同事打不开。请在服务器的 `.streamlit/secrets.toml` 中"
        '设置 `public_url`（同事访问本程序的地址，如 `public_url = "http://10.1.2.3:8501/"`），或设置环境变量 '
        "`TRACKER_PUBLIC_URL`，然后重新复制链接。",
        "en": "This address ({host}) opens only on the computer that runs the app: colleagues cannot open it. Set "
        "`public_url` in the server's `.streamlit/secrets.toml` to the address colleagues reach the app at (such as "
        '`public_url = "http://10.1.2.3:8501/"`), or the environment variable `TRACKER_PUBLIC_URL`, then copy the '
        "link again.",
    },
    # The status table a reader downloads (tracker/export.py): its headers and sheet
    "status_col_indicator_id": {"zh": "指标编号", "en": "Indicator ID"},
    "status_col_name": {"zh": "指标名称", "en": "Indicator"},
    "status_col_latest_period": {"zh": "最新时期", "en": "Latest period"},
    "status_col_latest_value": {"zh": "最新数值", "en": "Latest value"},
    "status_col_unit": {"zh": "单位", "en": "Unit"},
    "status_col_baseline_period": {"zh": "基期", "en": "Baseline period"},
    "status_col_baseline_value": {"zh": "基期数值", "en": "Baseline value"},
    "status_col_target_period": {"zh": "目标时期", "en": "Target period"},
    "status_col_target_value": {"zh": "目标值", "en": "Target value"},
    "status_col_progress": {"zh": "进度", "en": "Progress"},
    "status_col_status": {"zh": "状态", "en": "Status"},
    "status_col_actual_rate": {"zh": "实际年均增速", "en": "Actual annual rate"},
    "status_col_required_rate": {"zh": "所需年均增速", "en": "Required annual rate"},
    "status_col_needed_rate": {"zh": "今后每年仍需", "en": "Rate still needed a year"},
    "status_col_projected_year_reached": {"zh": "按实际增速预计达标年份", "en": "Reached at the actual rate in"},
    "status_col_reason": {"zh": "说明", "en": "Note"},
    "status_sheet": {"zh": "进度评估", "en": "status"},
    # The upload template (tracker/template.py): headers (both are upload headers tracker.reading accepts), sheets
    "template_col_indicator_id": {"zh": "指标编号", "en": "indicator_id"},
    "template_col_period": {"zh": "时期", "en": "period"},
    "template_col_value": {"zh": "数值", "en": "value"},
    "template_col_note": {"zh": "备注", "en": "note"},
    "template_col_source": {"zh": "来源", "en": "source"},
    "template_col_name": {"zh": "指标名称", "en": "name_en"},
    "template_col_other_name": {"zh": "英文名称", "en": "name_zh"},
    "template_col_unit": {"zh": "单位", "en": "unit"},
    "template_col_latest_period": {"zh": "最新时期", "en": "latest_period"},
    "template_col_latest_value": {"zh": "最新数值", "en": "latest_value"},
    "template_sheet_data": {"zh": "数据", "en": "figures"},
    "template_sheet_guide": {"zh": "填写说明", "en": "how to fill in"},  # tracker.xlsx.GUIDE_SHEETS skips it
    # The template's explanation sheet: its headers, per column what it holds and the accepted forms, the notes
    "guide_head_column": {"zh": "列", "en": "Column"},
    "guide_head_what": {"zh": "内容", "en": "What it holds"},
    "guide_head_forms": {"zh": "可填写的形式", "en": "Accepted forms"},
    "guide_head_required": {"zh": "是否必填", "en": "Required"},
    "guide_required": {"zh": "必填", "en": "required"},
    "guide_optional": {"zh": "可选", "en": "optional"},
    "guide_leave": {"zh": "不必填写", "en": "leave as it is"},
    # issue 12 §1, plan files (tracker.planfile): where a problem is, what to do, the template and the diff summary
    "planfile_located": {"zh": "{where}：{detail}", "en": "{where}: {detail}"},
    "planfile_where_sheet": {"zh": "工作表“{sheet}”", "en": "sheet {sheet!r}"},
    "planfile_where_sheet_row": {"zh": "工作表“{sheet}”第 {row} 行", "en": "sheet {sheet!r}, row {row}"},
    "planfile_where_sheet_column": {"zh": "工作表“{sheet}”“{column}”列", "en": "sheet {sheet!r}, column {column!r}"},
    "planfile_where_sheet_cell": {
        "zh": "工作表“{sheet}”第 {row} 行“{column}”列",
        "en": "sheet {sheet!r}, row {row}, column {column!r}",
    },
    "planfile_where_file": {"zh": "文件“{sheet}”", "en": "file {sheet!r}"},
    "planfile_where_file_row": {"zh": "文件“{sheet}”第 {row} 行", "en": "file {sheet!r}, row {row}"},
    "planfile_where_file_column": {"zh": "文件“{sheet}”“{column}”列", "en": "file {sheet!r}, column {column!r}"},
    "planfile_where_file_cell": {
        "zh": "文件“{sheet}”第 {row} 行“{column}”列",
        "en": "file {sheet!r}, row {row}, column {column!r}",
    },
    "planfile_sheet_indicators": {"zh": "指标", "en": "indicators"},
    "planfile_sheet_milestones": {"zh": "目标", "en": "milestones"},
    "planfile_sheet_pillars": {"zh": "支柱", "en": "pillars"},
    "planfile_sheet_about": {"zh": "关于", "en": "about"},
    "planfile_sheet_guide": {"zh": "填写说明", "en": "how to fill in"},
    "planfile_not_plan": {
        "zh": "这不是方案文件：请上传含“指标”“目标”工作表的 Excel 工作簿（.xlsx），"
        "或含 indicators.csv、milestones.csv 的 ZIP 压缩包",
        "en": "this is not a plan file: upload an Excel workbook (.xlsx) with the sheets indicators and milestones "
        "(指标, 目标), or a ZIP of indicators.csv and milestones.csv",
    },
    "planfile_zip_members": {
        "zh": "压缩包中有 {count} 个文件，超过上限 {limit} 个："
        "只放 indicators.csv、milestones.csv、pillars.csv、about.csv",
        "en": "the zip holds {count} files, more than {limit}: put only indicators.csv, milestones.csv, pillars.csv "
        "and about.csv in it",
    },
    "planfile_zip_too_big": {
        "zh": "压缩包中的文件解压后超过 {limit} MB：方案文件只需几十行，请检查是否放错了文件",
        "en": "a file in the zip inflates past {limit} MB: a plan has tens of rows; check that the right files are "
        "in it",
    },
    "planfile_bad_zip": {
        "zh": "压缩包中的“{member}”无法解压（{error}）：请重新压缩后上传",
        "en": "{member!r} in the zip cannot be inflated ({error}): zip the files again and upload it",
    },
    "planfile_missing_sheet": {
        "zh": "缺少“{zh}”工作表：请添加名为“{zh}”（或 {en}）的工作表，ZIP 压缩包中则为 {en}.csv",
        "en": "the sheet {en!r} is missing: add a sheet named {en!r} (or {zh}); in a zip, {en}.csv",
    },
    "planfile_two_sheets": {
        "zh": "“{first}”和“{second}”是同一张表：请合并为一张，删除另一张",
        "en": "{first!r} and {second!r} are the same table: merge them into one and delete the other",
    },
    "planfile_no_header": {
        "zh": "前 {rows} 行中找不到表头：表头一行须写明 {expected} 等列名",
        "en": "no header row in the first {rows} rows: the header must name columns such as {expected}",
    },
    "planfile_missing_column": {
        "zh": "缺少此列：请在表头中添加（可用的列名：{names}）",
        "en": "this column is missing: add it to the header (accepted names: {names})",
    },
    "planfile_duplicate_column": {
        "zh": "此列与“{first}”列是同一项：请删除其中一列",
        "en": "this column and {first!r} hold the same thing: delete one of them",
    },
    "planfile_about_twice": {
        "zh": "“{key}”已在第 {first} 行填写：请只保留一行",
        "en": "{key!r} is already given in row {first}: keep one row",
    },
    "planfile_bad_date": {
        "zh": "无法识别日期“{text}”：请写成 2026-03-15、2026年3月15日 或 2026-03",
        "en": "cannot read the date {text!r}: write it as 2026-03-15, 2026年3月15日 or 2026-03",
    },
    "planfile_bad_plan_id": {
        "zh": "方案编号“{id}”不可用：只能使用小写英文字母、数字、- 和 _（如 jinan-2026）",
        "en": "the plan id {id!r} cannot be used: use lower-case letters, digits, - and _ (such as jinan-2026)",
    },
    "planfile_pillar_no_id": {
        "zh": "请填写支柱编号（如 innovation）",
        "en": "give the pillar an id (such as innovation)",
    },
    "planfile_duplicate_pillar": {
        "zh": "支柱编号“{id}”重复（第 {first} 行已有）：请删除此行或改用其他编号",
        "en": "the pillar id {id!r} is already used in row {first}: delete this row or use another id",
    },
    "planfile_bad_order": {
        "zh": "顺序“{text}”不是整数：请填写 1、2、3……",
        "en": "the order {text!r} is not a whole number: write 1, 2, 3, …",
    },
    "planfile_pillar_no_name_zh": {"zh": "请填写支柱的中文名称", "en": "give the pillar a Chinese name"},
    "planfile_pillar_no_name_en": {"zh": "请填写支柱的英文名称", "en": "give the pillar an English name"},
    "planfile_bad_id": {
        "zh": "指标编号“{id}”不可用：只能使用小写英文字母、数字和下划线，以字母开头（如 gdp、rd_intensity）",
        "en": "the indicator id {id!r} cannot be used: use lower-case letters, digits and _, starting with a letter "
        "(such as gdp, rd_intensity)",
    },
    "planfile_duplicate_indicator": {
        "zh": "指标编号“{id}”重复（第 {first} 行已有）：请删除此行或改用其他编号",
        "en": "the indicator id {id!r} is already used in row {first}: delete this row or use another id",
    },
    "planfile_no_id": {
        "zh": "请填写指标编号（小写英文字母、数字和下划线，如 gdp）",
        "en": "give the indicator an id (lower-case letters, digits and _, such as gdp)",
    },
    "planfile_no_name_zh": {"zh": "请填写指标的中文名称", "en": "give the indicator a Chinese name"},
    "planfile_no_name_en": {"zh": "请填写指标的英文名称", "en": "give the indicator an English name"},
    "planfile_unknown_pillar": {
        "zh": "不认识的支柱“{pillar}”：请使用 {pillars} 之一，或在“支柱”工作表中添加",
        "en": "unknown pillar {pillar!r}: use one of {pillars}, or add it to the pillars sheet",
    },
    "planfile_no_pillar": {
        "zh": "请填写所属支柱（{pillars} 之一），或在“支柱”工作表中添加",
        "en": "give the indicator's pillar (one of {pillars}), or add one to the pillars sheet",
    },
    "planfile_unknown_unit": {
        "zh": "不认识的单位“{unit}”：请使用 {units} 之一（万、亿等倍数写在单位里，如 亿元）",
        "en": "unknown unit {unit!r}: use one of {units} (a magnitude is part of the unit, such as 亿元)",
    },
    "planfile_no_unit": {"zh": "请填写单位（{units} 之一）", "en": "give the unit (one of {units})"},
    "planfile_bad_choice": {
        "zh": "“{value}”不是此列可用的取值：请填写 {choices} 之一",
        "en": "{value!r} is not a choice of this column: write one of {choices}",
    },
    "planfile_choice": {"zh": "{code}（{word}）", "en": "{code} ({word})"},
    "planfile_no_pillars_known": {
        "zh": "还没有任何支柱：请添加“支柱”工作表（支柱编号、顺序、支柱名称、英文名称），再在此列填写支柱编号",
        "en": "there are no pillars yet: add a pillars sheet (id, order, name_zh, name_en), then give a pillar id here",
    },
    "planfile_no_choice": {"zh": "此项必填：请填写 {choices} 之一", "en": "this is required: write one of {choices}"},
    "planfile_indicator_no_source": {
        "zh": "每个指标都需要来源：请在“中文来源”或“英文来源”列写明数据出处",
        "en": "every indicator needs a source: say where its figures come from in source_zh or source_en",
    },
    "planfile_bad_formula": {
        "zh": "无法使用公式“{formula}”：公式只能用 + - * /、括号、数字和 指标编号[t]、指标编号[t-1]",
        "en": "the formula {formula!r} cannot be used: use only + - * /, brackets, numbers and id[t], id[t-1]",
    },
    "planfile_formula_unknown": {
        "zh": "公式引用了不存在的指标 {names}：请先在“指标”工作表中添加，或改正编号{suggestion}",
        "en": "the formula reads indicators that do not exist, {names}: add them to the indicators sheet first or "
        "correct the id{suggestion}",
    },
    "planfile_did_you_mean": {"zh": "，是否是“{id}”？", "en": "; did you mean {id!r}?"},
    "planfile_no_milestones": {
        "zh": "没有任何目标：请在示例行下方逐行填写目标（示例行导入时跳过）",
        "en": "there are no targets: fill in one row per target below the example row (it is skipped on import)",
    },
    "planfile_milestone_no_indicator": {
        "zh": "请填写目标所属的指标编号",
        "en": "give the id of the indicator this target is for",
    },
    "planfile_unknown_indicator": {
        "zh": "不认识的指标“{id}”：请使用“指标”工作表中的指标编号或名称{suggestion}",
        "en": "unknown indicator {id!r}: use an id or name from the indicators sheet{suggestion}",
    },
    "planfile_bad_milestone_id": {
        "zh": "目标编号“{id}”不可用：只能使用英文字母、数字、-、_ 和 .，或留空由系统生成",
        "en": "the milestone id {id!r} cannot be used: use letters, digits, -, _ and ., or leave it empty to have "
        "one made",
    },
    "planfile_duplicate_milestone_id": {
        "zh": "目标编号“{id}”重复（第 {first} 行已有）：请改用其他编号，或留空由系统生成",
        "en": "the milestone id {id!r} is already used in row {first}: use another, or leave it empty to have one made",
    },
    "planfile_duplicate_milestone": {
        "zh": "该指标在 {period} 已有同类目标（第 {first} 行）：请删除其中一行",
        "en": "this indicator already has such a target for {period} (row {first}): delete one of the rows",
    },
    "planfile_no_period": {"zh": "请填写目标年份（如 2030）", "en": "give the target period (such as 2030)"},
    "planfile_bad_period": {"zh": "{why}", "en": "{why}"},
    "planfile_target_before_baseline": {
        "zh": "目标年份 {target} 不晚于基期 {baseline}：请检查两者是否填反",
        "en": "the target period {target} is not after its baseline {baseline}: check whether they are swapped",
    },
    "planfile_bad_number": {
        "zh": "无法读取数值“{text}”：{why}",
        "en": "cannot read the number {text!r}: {why}",
    },
    "planfile_not_plain": {
        "zh": "请只填数字（可带单位，如 4000家、8%）",
        "en": "write a number only (with its unit if you like, such as 4000家, 8%)",
    },
    "planfile_value_or_multiple": {
        "zh": "请在“目标值”与“目标倍数”（基期的倍数）中填写一项，不能都填或都不填",
        "en": "give either target_value or target_multiple (a multiple of the baseline), not both or neither",
    },
    "planfile_multiple_needs_baseline": {
        "zh": "目标倍数需要基期：请填写基期年份（如 2025）",
        "en": "a target_multiple needs a baseline_period: give the baseline year (such as 2025)",
    },
    "planfile_growth_fraction": {
        "zh": "年度增速目标的目标值是增速：请写成 7% 或 0.07，不填目标倍数",
        "en": "an annual_growth target is a growth rate: write 7% or 0.07 in target_value, no target_multiple",
    },
    "planfile_growth_no_baseline": {
        "zh": "年度增速目标没有基期：请清空基期",
        "en": "an annual_growth target has no baseline: leave baseline_period empty",
    },
    "planfile_growth_one_year": {
        "zh": "年度增速目标针对某一整年：{period} 请改为年份（如 2026）",
        "en": "an annual_growth target is for one whole year: write a year (such as 2026), not {period}",
    },
    "planfile_no_quote": {
        "zh": "每个目标都必须引用规划原文：请在“原文”列写上规划中的原话",
        "en": "every target must quote the plan: write the plan's own words in the quote column",
    },
    "planfile_no_source": {
        "zh": "每个目标都需要出处：请写明规划文件的名称、日期或网址",
        "en": "every target needs a source: give the plan document's title, date or address",
    },
    "planfile_baseline_no_figure": {
        "zh": "{id} 没有 {period} 的数据：请先上传基期数据，或清空基期",
        "en": "no figure for {id} in {period}: upload the baseline figure first, or leave the baseline empty",
    },
    "planfile_about_key": {"zh": "项目", "en": "key"},
    "planfile_about_value": {"zh": "内容", "en": "value"},
    "planfile_example_mark": {"zh": "示例（导入时跳过此行）", "en": "example (skipped on import)"},
    "planfile_example_quote": {"zh": "示例：规划原文中的原话", "en": "Example: the plan's own words"},
    "planfile_example_source": {"zh": "示例：规划文件名称与日期", "en": "Example: the plan document and its date"},
    "planfile_guide_head_sheet": {"zh": "工作表", "en": "Sheet"},
    "planfile_guide_head_column": {"zh": "列名（中文 / 英文均可）", "en": "Column (Chinese or English)"},
    "planfile_guide_head_required": {"zh": "是否必填", "en": "Required"},
    "planfile_guide_head_accepted": {"zh": "可填写的取值", "en": "Accepted values"},
    "planfile_guide_example": {
        "zh": "第一列写有“示例”的行是示例，导入时跳过；请在其下方逐行填写，或删除示例行。",
        "en": "A row marked in the first column (example) is an example and is skipped on import: fill in the rows "
        "below it, or delete it.",
    },
    "planfile_guide_all": {
        "zh": "文件只要有一处问题就不会保存任何内容；每个问题都会写明工作表、行和列。",
        "en": "A file with any problem stores nothing; every problem names its sheet, row and column.",
    },
    "planfile_guide_ids": {
        "zh": "目标编号可留空：系统按“指标编号-目标年份”生成；"
        "修改已有目标时请保留其编号，这样改动的年份算作修改而不是删除再新增。",
        "en": "milestone_id may be left empty: it is made as indicator_id-target_period; keep an existing target's id "
        "when you edit it, so that a changed period is a change, not a removal and an addition.",
    },
    "planfile_forms_unit": {"zh": "{units} 之一", "en": "one of {units}"},
    "planfile_forms_formula": {
        "zh": "由其他指标计算时填写，如 (gdp[t] - gdp[t-1]) / (city_gdp[t] - city_gdp[t-1]) * 100",
        "en": "for an indicator computed from others, such as "
        "(gdp[t] - gdp[t-1]) / (city_gdp[t] - city_gdp[t-1]) * 100",
    },
    "planfile_forms_source_zh": {"zh": "中文来源或英文来源至少填一项", "en": "source_zh or source_en, at least one"},
    "planfile_forms_milestone_id": {
        "zh": "留空则按“指标编号-目标年份”生成，如 gdp-2030",
        "en": "left empty: made as indicator_id-target_period, such as gdp-2030",
    },
    "planfile_forms_target_period": {"zh": "2030、2030年", "en": "2030, 2030年"},
    "planfile_forms_baseline_period": {
        "zh": "2025、2025年；目标倍数必须有基期",
        "en": "2025, 2025年; a target_multiple needs one",
    },
    "planfile_forms_target_value": {
        "zh": "3000亿元、8.5%、5000家以上（以上、左右、不低于等写在此处时作为目标界限）；与目标倍数二选一",
        "en": "3000亿元, 8.5%, 5000家以上 (a bound word here is the bound); this or target_multiple",
    },
    "planfile_forms_target_multiple": {"zh": "基期的倍数，如 2（翻番）", "en": "a multiple of the baseline, such as 2"},
    "planfile_diff_indicators_added": {"zh": "新增 {count} 个指标", "en": "{count} indicator(s) added"},
    "planfile_diff_indicators_changed": {"zh": "{count} 个指标有修改", "en": "{count} indicator(s) changed"},
    "planfile_diff_indicators_removed": {"zh": "删除 {count} 个指标", "en": "{count} indicator(s) removed"},
    "planfile_diff_milestones_added": {"zh": "新增 {count} 个目标", "en": "{count} milestone(s) added"},
    "planfile_diff_milestones_changed": {"zh": "{count} 个目标有修改", "en": "{count} milestone(s) changed"},
    "planfile_diff_milestones_removed": {"zh": "删除 {count} 个目标", "en": "{count} milestone(s) removed"},
    "planfile_diff_pillars_added": {"zh": "新增 {count} 个支柱", "en": "{count} pillar(s) added"},
    "planfile_diff_pillars_changed": {"zh": "{count} 个支柱有修改", "en": "{count} pillar(s) changed"},
    "planfile_diff_pillars_removed": {"zh": "删除 {count} 个支柱", "en": "{count} pillar(s) removed"},
    "planfile_diff_none": {"zh": "方案没有变化", "en": "the plan does not change"},
    # end of plan files
    "guide_what_indicator_id": {
        "zh": "指标编号（如 gdp），也可以填指标名称",
        "en": "the indicator's id (such as gdp), or its name",
    },
    "guide_forms_indicator_id": {"zh": "见本表各行的“指标编号”", "en": "the ids in the template's rows"},
    "guide_what_period": {"zh": "数据所属的时期", "en": "the period the figure is for"},
    "guide_forms_period": {
        "zh": "年份：2023 或 2023年；月份：2023-09 或 2023年9月；季度：2023Q3 或 2023年第3季度；年内累计：2023年1-9月",
        "en": "a year: 2023 or 2023年; a month: 2023-09 or 2023年9月; a quarter: 2023Q3; a year to date: 2023-09 "
        "or 2023年1-9月 (for totals such as GDP, a month means January to that month)",
    },
    "guide_what_value": {
        "zh": "数值，可以带单位；不带单位时按“单位”列读取",
        "en": "the figure, with or without a unit; a bare number is read in the unit of the unit column",
    },
    "guide_forms_value": {
        "zh": "1767.3、1,767.3、1767.3亿元、1.2万亿、5000万元、2400家、6.19%",
        "en": "1767.3, 1,767.3, 1767.3亿元, 1.2万亿 (1.2 trillion yuan), 5000万元, 2400家, 6.19%",
    },
    "guide_what_note": {
        "zh": "口径等说明；空着表示不修改已保存的备注",
        "en": "a note on the figure (coverage, revisions); empty leaves a stored note as it is",
    },
    "guide_forms_note": {"zh": "任意文字", "en": "any text"},
    "guide_what_source": {
        "zh": "数据来源：公报、文件名称或网址；空着表示不修改已保存的来源",
        "en": "where the figure comes from: a bulletin, a document or a web address",
    },
    "guide_forms_source": {"zh": "任意文字或网址", "en": "any text or address"},
    "guide_what_name": {"zh": "指标的中文名称，供参考", "en": "the indicator's English name, for reference"},
    "guide_forms_name": {"zh": "有“指标编号”时上传不读取", "en": "not read on upload"},
    "guide_what_other_name": {"zh": "指标的英文名称，供参考", "en": "the indicator's Chinese name, for reference"},
    "guide_forms_other_name": {"zh": "上传时不读取", "en": "not read on upload"},
    "guide_what_unit": {
        "zh": "指标的计量单位：不带单位的数值按此单位读取",
        "en": "the indicator's unit (亿元 = 100 million yuan, 万元 = 10,000 yuan, 家 = enterprises): a bare number is "
        "read in it",
    },
    "guide_forms_unit": {"zh": "请不要修改", "en": "do not change it"},
    "guide_what_latest_period": {
        "zh": "已保存的最新数据的时期，供参考",
        "en": "the period of the latest stored figure, for reference",
    },
    "guide_forms_latest_period": {"zh": "上传时不读取", "en": "not read on upload"},
    "guide_what_latest_value": {
        "zh": "已保存的最新数值（按“单位”），供参考",
        "en": "the latest stored figure (in the unit column's unit), for reference",
    },
    "guide_forms_latest_value": {"zh": "上传时不读取", "en": "not read on upload"},
    "guide_note_example": {
        "zh": "第 2 行是示例：{example}。它就是已保存的数据，原样上传不会改变任何数据，可以保留或删除。",
        "en": "Row 2 is an example: {example}. It is a stored figure, so uploading it as it is changes nothing; keep "
        "it or delete it.",
    },
    "guide_note_skip": {
        "zh": "只填写要上传的行：时期和数值都空着的行会被跳过。",
        "en": "Fill in only the rows you upload: a row with no period and no value is skipped.",
    },
    "guide_note_all_or_nothing": {
        "zh": "文件中任何一行有问题，整个文件都不会保存；检查结果会指出行号和列名。",
        "en": "If any row of the file has a problem, nothing from the file is stored; the check names its row and "
        "column.",
    },
    # issue 10 §3: confidence codes as words (tracker.formatting.confidence_label).
    "confidence_quoted": {"zh": "原文引用", "en": "quoted"},
    "confidence_quoted_reprint": {"zh": "转载引用", "en": "quoted (reprint)"},
    "confidence_uploaded": {"zh": "用户上传", "en": "uploaded"},
    "confidence_other": {"zh": "其他", "en": "other"},
    # issue 10 §3, the indicator, history and method pages: times in Beijing time, the milestone control, the seed
    # and restore revisions' comments, the method's references.
    "beijing_time": {"zh": "{time}（北京时间）", "en": "{time} (Beijing time, UTC+8)"},
    "all_milestones": {"zh": "全部", "en": "All"},
    "milestone_option": {"zh": "{period}目标", "en": "{period} target"},
    "growth_milestone_option": {"zh": "{period}增速目标", "en": "{period} growth target"},
    "author_system": {"zh": "系统", "en": "system"},
    "seed_comment": {"zh": "随应用提供的初始数据", "en": "The figures shipped with the app"},
    "restore_comment": {"zh": "恢复第 {rev} 版", "en": "Restore revision {rev}"},
    "revision_option": {"zh": "第 {rev} 版 · {time} · {comment}", "en": "Revision {rev} · {time} · {comment}"},
    "references": {"zh": "参考", "en": "References"},
    "label_value": {"zh": "{label}：{value}", "en": "{label}: {value}"},
    "period_ytd_span": {"zh": "{year}年{first}-{last}月", "en": "{first}–{last} {year}"},
    "revision_picker": {"zh": "修订版本（时间为北京时间）", "en": "Revision (times in Beijing time, UTC+8)"},
    "no_figures_stored": {"zh": "该指标尚无公开数据。", "en": "No figure of this indicator has been published yet."},
    # The overview (issue 10): the verdict, the as-of line, the scorecard, the status filter, the gap chart
    "verdict": {
        "zh": "{targets} 项目标（{indicators} 个指标）：{counts}。",
        "en": "{targets} targets ({indicators} indicators): {counts}.",
    },
    "verdict_count": {"zh": "{n} 项{word}", "en": "{n} {word}"},
    "verdict_sep": {"zh": "、", "en": ", "},
    "as_of_year": {"zh": "数据截至 {year} 年", "en": "Figures to {year}"},
    "as_of_month": {"zh": "数据截至 {year} 年 {month} 月", "en": "Figures to {month}/{year}"},
    "as_of_revision": {"zh": "第 {n} 版（{date}）", "en": "revision {n} ({date}, Beijing time)"},
    "stale_year": {"zh": "最新年度数据为 {year} 年", "en": "latest annual figure is from {year}"},
    "stale_short": {"zh": "旧数据", "en": "old figure"},
    "stale_month": {"zh": "最新数据为 {year} 年 {month} 月", "en": "latest figure is from {month}/{year}"},
    "demanding": {"zh": "需年均增长 {rate}", "en": "needs {rate} a year"},
    "demanding_linear": {"zh": "需 {rate}", "en": "needs {rate}"},
    "rates_line": {"zh": "实际 {actual} · 所需 {required}", "en": "actual {actual} · required {required}"},
    "still_needed": {"zh": "今后仍需 {rate}", "en": "still needed {rate}"},
    "expected_mark": {
        "zh": "竖线：按所需速度此时应达到的位置",
        "en": "Tick: where the figure should be by now at the required rate",
    },
    "count_help": {"zh": "点击只看这 {n} 项目标", "en": "Show only these {n} targets"},
    "filter_shown": {
        "zh": "只显示状态为「{word}」的 {n} 项目标。",
        "en": "Showing the {n} targets whose status is {word}.",
    },
    "filter_none": {"zh": "没有状态为「{word}」的目标。", "en": "No target has the status {word}."},
    "show_all": {"zh": "显示全部目标", "en": "Show all targets"},
    "context_title": {"zh": "背景指标（规划未设目标）", "en": "Context indicators (no target in the plan)"},
    "gap_title": {"zh": "按实际速度预计到期完成目标的比例", "en": "Projected share of each target by its deadline"},
    "gap_caption": {
        "zh": "按实际速度推算目标年份的数值占目标值的比例，由低到高排列；竖线为 100%（完成目标）。"
        "已实现的目标按达到目标时的数据计。",
        "en": "The value projected at the actual rate for each target's year, as a share of the target, lowest first; "
        "the rule marks 100% (target met). Achieved targets show the figure that met them.",
    },
    "gap_share": {"zh": "预计完成比例", "en": "Projected share of target"},
    "expected_at": {"zh": "此时应达 {share}", "en": "due by now {share}"},
    "no_public_figure": {"zh": "尚无公开数据", "en": "no figure published yet"},
    "why_source": {"zh": "原因与来源", "en": "Why, and sources"},
    # One clock (tracker.clock), freshness and coverage (issue 11 §4: tracker.freshness, app_pages/coverage.py)
    "clock_bad_today": {
        "zh": "环境变量 {name}={value} 不是日期：请写成 YYYY-MM-DD（如 2026-12-01），或删除它以使用北京时间的今天",
        "en": "{name}={value} is not a date: write it as YYYY-MM-DD (such as 2026-12-01), or unset it to use today's "
        "date in Beijing time",
    },
    "calendar_bad_cell": {
        "zh": "{file} 第 {row} 行“{column}”列的“{value}”无法使用：应为 {expected}",
        "en": "{file}, row {row}, column {column}: “{value}” cannot be used; write {expected}",
    },
    "cov_symbol_annual": {"zh": "●", "en": "●"},
    "cov_symbol_part": {"zh": "◐", "en": "◐"},
    "cov_symbol_proxy": {"zh": "◇", "en": "◇"},
    "cov_annual": {"zh": "全年", "en": "annual"},
    "cov_ytd": {"zh": "1-{month}月", "en": "Jan–{month}"},
    "cov_level_at": {"zh": "{month}月末", "en": "end-{month}"},
    "cov_missing": {"zh": "○ 缺", "en": "○ missing"},
    "cov_estimate": {"zh": "预计", "en": "estimate"},
    "cov_and": {"zh": " · {word}", "en": " · {word}"},
    "cadence_annual": {"zh": "每年", "en": "annual"},
    "cadence_quarterly": {"zh": "每季度（年内累计）", "en": "quarterly (year to date)"},
    "cadence_monthly": {"zh": "每月（年内累计）", "en": "monthly (year to date)"},
    "fresh_overdue": {"zh": "⚠ 逾期 {days} 天", "en": "⚠ overdue by {days} days"},
    "fresh_not_due": {"zh": "✓ 未到期", "en": "✓ not yet due"},
    "fresh_due": {"zh": "… 待发布", "en": "… due"},
    "fresh_col_indicator": {"zh": "指标编号", "en": "indicator_id"},
    "fresh_col_name": {"zh": "指标", "en": "Indicator"},
    "fresh_col_latest": {"zh": "最新数据", "en": "Latest figure"},
    "fresh_col_cadence": {"zh": "发布频率", "en": "Cadence"},
    "fresh_col_next": {"zh": "下一期", "en": "Next expected"},
    "fresh_col_date": {"zh": "预计发布", "en": "Expected by"},
    "fresh_col_state": {"zh": "是否逾期", "en": "Overdue?"},
    "page_coverage": {"zh": "数据覆盖", "en": "Coverage"},
    "coverage_intro": {
        "zh": "哪些指标有哪些年份的数据、多少目标可以评估、还缺哪些数据以及应由谁提供。今天是 {date}（北京时间）。",
        "en": "Which indicators have figures for which years, how many targets can be assessed, what is missing and "
        "who is expected to supply it. Today is {date} (Beijing time).",
    },
    "coverage_assessable": {"zh": "可评估的目标", "en": "Targets that can be assessed"},
    "coverage_not_assessed": {"zh": "无法评估的目标", "en": "Targets not assessed"},
    "coverage_with_figures": {"zh": "已有数据的指标", "en": "Indicators with figures"},
    "coverage_overdue": {"zh": "下一期已逾期的指标", "en": "Indicators with a figure overdue"},
    "coverage_grid_title": {"zh": "各年数据", "en": "Figures by year"},
    "coverage_legend": {
        "zh": "● 全年：有全年数据 · ◐ 年内：只有年内数据（总量为1-N月累计，存量为N月末水平）· "
        "◇ 替代口径：报道口径与规划不同 · ○ 缺：按发布日程应已发布而尚未收录（自规划最早的基期年起）· "
        "空白：尚未到发布时间",
        "en": "● annual: the year's figure · ◐ part of the year only (a total from January to the month named, or a "
        "level at the end of that month) · ◇ proxy: reported on a scope other than the plan's · ○ missing: due by "
        "the release calendar and not yet in the tracker (from the plan's first baseline year) · blank: not due yet",
    },
    "coverage_missing_title": {"zh": "待补数据清单", "en": "Missing figures: the list to work down"},
    "coverage_missing_caption": {
        "zh": "每行是一个指标已到发布时间却尚未收录的下一期数据。"
        "先列有规划目标的指标（缺数据会使目标无法评估），再按逾期天数排列。提供方取自发布日程，未写明的为“未指定”；“最近来源”是该指标最新一条数据的出处，可从那里查找新数据。",
        "en": "Each row is an indicator's next figure that is due and not yet in the tracker. Indicators with a target "
        "come first (a missing figure leaves the target unassessed), then the longest overdue. The supplier is the "
        "one the release calendar names, 'not specified' otherwise; 'Last source' is where the latest figure came "
        "from, a place to look for the new one.",
    },
    "coverage_col_missing": {"zh": "缺少的数据", "en": "Missing figure"},
    "coverage_col_supplier": {"zh": "应由谁提供", "en": "Expected from"},
    "coverage_col_last_source": {"zh": "最近来源", "en": "Last source"},
    "coverage_col_targets": {"zh": "相关目标", "en": "Targets"},
    "coverage_unspecified": {"zh": "未指定", "en": "not specified"},
    "coverage_computed_from": {"zh": "由{names}计算", "en": "computed from {names}"},
    "coverage_waiting": {"zh": "（尚缺{names}）", "en": " (waiting for {names})"},
    "coverage_target_of": {"zh": "{period}年目标：{status}", "en": "{period} target: {status}"},
    "coverage_context": {"zh": "背景指标（无目标）", "en": "context indicator (no target)"},
    "coverage_nothing_missing": {"zh": "没有已到发布时间而未收录的数据。", "en": "No figure is due and missing."},
    "coverage_fresh_title": {"zh": "下一期数据", "en": "Next figures"},
    "coverage_fresh_caption": {
        "zh": "发布频率与通常的滞后天数是本工具根据已收录数据来源的发布日期所作的工作假设，并非官方发布日程；"
        "超过预计日期 {grace} 天仍未收录即为逾期。",
        "en": "Cadences and usual lags are the tracker's working assumption from the publication dates of the sources "
        "it holds, not an official release calendar; a figure still missing {grace} days after its expected date "
        "is overdue.",
    },
    "coverage_calendar_title": {"zh": "发布日程的假设", "en": "The release calendar's assumptions"},
    "coverage_calendar_line": {"zh": "**{name}**：{cadence}，{lag}。", "en": "**{name}**: {cadence}, {lag}."},
    "coverage_lag": {"zh": "期末后约 {days} 天", "en": "about {days} days after the period"},
    "coverage_assumed": {
        "zh": "（发布日程未列出：按每年、90 天估计）",
        "en": "(not in the release calendar: taken as annual, 90 days)",
    },
    # end of freshness and coverage texts
    # The doubling headline names every deadline (tracker.formatting.doubling_sentence), its chart labels the
    # year-to-date marks, the industry chart writes a caption under each bar (tracker.charts)
    "doubling_needs_first": {
        "zh": "{deadline} 年翻番今后需年均增长 {needed}",
        "en": "to double by {deadline} it needs {needed} a year from now",
    },
    "doubling_needs_more": {"zh": "{deadline} 年需 {needed}", "en": "by {deadline} {needed}"},
    "industry_caption": {"zh": "最新：{latest} · 目标：{targets}", "en": "Latest: {latest} · target: {targets}"},
    "industry_latest": {"zh": "{latest}（{period}）", "en": "{latest} ({period})"},
    "industry_target": {"zh": "{target}（{periods}年）", "en": "{target} ({periods})"},
    "figures_in": {"zh": "单位：{unit}", "en": "Figures in {unit}"},
    # issue 11: qualifiers and series breaks (tracker.qualifiers, tracker.pace, tracker.formatting)
    "mixed_qualifiers": {
        "zh": "“{shown}”同时写了“以上/超过”和“约/近”，无法判断是下限还是约数：只保留其中一种",
        "en": "“{shown}” says both “at least” and “about”: keep one of them",
    },
    "caveat_approximate": {"zh": "约", "en": "approximate"},
    "caveat_lower_bound": {"zh": "下限", "en": "lower bound"},
    "qualified_estimate": {"zh": "预计 {value}", "en": "est. {value}"},
    "basis_pre_break": {"zh": "按{year}年以前口径", "en": "on the pre-{year} basis"},
    "basis_new_figure": {"zh": "{period}新口径：{value}", "en": "{period} on the new basis: {value}"},
    "basis_mixed": {
        "zh": "{period}未计算：{input}自{year}年起口径调整，公式不能跨口径相减",
        "en": "{period} not computed: {input} is on a new basis from {year}, and the formula would subtract across "
        "the break",
    },
    "doubling_basis_nominal": {
        "zh": "翻番状态按现价水平计算（{start}–{end}年年均 {rate}）",
        "en": "The doubling status reads current-price levels ({rate} a year in {start}–{end})",
    },
    "doubling_basis_pre_break": {
        "zh": "翻番状态按{year}年以前口径计算（{start}–{end}年年均 {rate}），{period}年新口径为 {value}，与此前不可比",
        "en": "The doubling status reads the pre-{year} basis ({rate} a year in {start}–{end}); {period} is {value} "
        "on a new basis, not comparable with earlier years",
    },
    "doubling_basis_real": {
        "zh": "；按官方不变价增速，{base}年以来实际年均增长 {real}。",
        "en": "; at the official constant-price growth rates, real growth since {base} is {real} a year.",
    },
    "doubling_basis_no_real": {
        "zh": "；尚无可连乘的年度不变价增速。",
        "en": "; there are no annual constant-price growth rates to chain yet.",
    },
    # end of issue 11's texts
    # issue 11 on the pages (tracker.present, app_pages/overview.py, indicator.py, doubling.py, tracker.charts)
    "next_update": {
        "zh": "下一期：{period} · 预计 {date} · {state}",
        "en": "Next update: {period} · expected {date} · {state}",
    },
    "break_rule": {"zh": "{year}年起新口径", "en": "new basis from {year}"},
    "real_view_title": {"zh": "不变价视角：官方增速", "en": "Real terms: the official growth rates"},
    "real_col_period": {"zh": "时期", "en": "Period"},
    "real_col_nominal": {"zh": "现价总量（{unit}）", "en": "Nominal level ({unit})"},
    "real_col_growth": {"zh": "官方不变价增速", "en": "Official real growth"},
    "real_col_index": {
        "zh": "按增速链接的不变价总量（{unit}，{base}年价格）",
        "en": "Chained real level ({unit}, {base} prices)",
    },
    "real_required": {
        "zh": "翻番所需年均增速 {low}–{high}（{first}–{last}年翻番），官方公布增速：{reported}。",
        "en": "Doubling needs {low}–{high} a year (doubling by {first}–{last}); the official growth rates: {reported}.",
    },
    "path_new_basis": {"zh": "实际（新口径）", "en": "Actual (new basis)"},
    "new_basis_value": {"zh": "{value}（新口径）", "en": "{value} (new basis)"},
    "next_update_short": {"zh": "下一期 {period}：{date} · {state}", "en": "Next {period} by {date} · {state}"},
    "fresh_late_short": {"zh": "⚠ 逾期 {days} 天", "en": "⚠ {days} days late"},
    "growth_label": {"zh": "同比 {growth}", "en": "y/y {growth}"},
    "real_none": {"zh": "尚无官方公布的不变价增速。", "en": "No official real growth rate has been published yet."},
    # issue 13: the evaluation report (tracker.evaluation, tracker.evaluation_files, cli evaluation, downloads, method)
    "eval_title": {"zh": "规划实施情况评估报告", "en": "Plan implementation evaluation"},
    "eval_plan": {"zh": "规划：{plan}", "en": "Plan: {plan}"},
    "eval_plan_dated": {"zh": "{title}（{date}）", "en": "{title} ({date})"},
    "eval_made": {"zh": "编制日期 {date}", "en": "prepared on {date}"},
    "eval_class_early": {"zh": "提前实现", "en": "Achieved early"},
    "eval_class_achieved": {"zh": "已实现", "en": "Achieved"},
    "eval_class_faster": {"zh": "快于预期", "en": "Ahead of expectations"},
    "eval_class_as_expected": {"zh": "基本符合预期", "en": "Broadly as expected"},
    "eval_class_behind": {"zh": "滞后于预期", "en": "Behind expectations"},
    "eval_class_missed": {"zh": "未完成", "en": "Missed"},
    "eval_class_not_assessed": {"zh": "无法评估", "en": "Cannot be assessed"},
    "eval_rule_early": {
        "zh": "已实现，且最新数据的年份早于目标年份",
        "en": "achieved, with the latest figure from a year before the target year",
    },
    "eval_rule_achieved": {
        "zh": "已实现，在目标年份当年或之后达到（按期实现，不算提前）",
        "en": "achieved in the target year or later (met on time, not early)",
    },
    "eval_rule_faster": {
        "zh": "进度正常，且实际速度高于所需速度（比值大于 100%）",
        "en": "on track, with the actual rate above the required rate (ratio above 100%)",
    },
    "eval_rule_as_expected": {
        "zh": "进度正常（实际速度达到所需速度的 95%–100%）",
        "en": "on track (the actual rate is 95%–100% of the required rate)",
    },
    "eval_rule_behind": {
        "zh": "需要加速、进展有限或倒退（实际速度低于所需速度的 95%）",
        "en": "acceleration needed, limited progress or deterioration (below 95% of the required rate)",
    },
    "eval_rule_missed": {
        "zh": "目标年份已有数据，但未达到目标",
        "en": "the target year has a figure that does not meet the target",
    },
    "eval_rule_not_assessed": {
        "zh": "尚无数据，或年度数据少于两个，或目标值未定（并说明原因）",
        "en": "no figure, fewer than two annual figures, or no target value (the reason is given)",
    },
    "eval_count": {"zh": "{word} {n} 项", "en": "{word}: {n}"},
    "eval_summary": {
        "zh": "本报告评估规划的 {targets} 项目标（{indicators} 个指标）：{counts}。",
        "en": "This report evaluates the plan's {targets} targets ({indicators} indicators): {counts}.",
    },
    "eval_summary_context": {
        "zh": "另有 {n} 个背景指标规划未设目标，不参与评估。",
        "en": " Another {n} context indicators have no target in the plan and are not evaluated.",
    },
    "eval_with_period": {"zh": "{value}（{period}）", "en": "{value} ({period})"},
    "eval_qualifier_at_least": {"zh": "{value}以上", "en": "at least {value}"},
    "eval_qualifier_about": {"zh": "约{value}", "en": "about {value}"},
    "eval_qualifier_estimate": {"zh": "预计{value}", "en": "an estimated {value}"},
    "eval_points": {"zh": "{points}个百分点", "en": "{points} percentage points"},
    "eval_rate_cagr_up": {"zh": "年均增长{amount}", "en": "grew {amount} a year"},
    "eval_rate_cagr_down": {"zh": "年均下降{amount}", "en": "fell {amount} a year"},
    "eval_rate_linear_up": {"zh": "年均增加{amount}", "en": "rose by {amount} a year"},
    "eval_rate_linear_down": {"zh": "年均减少{amount}", "en": "fell by {amount} a year"},
    "eval_need_cagr_up": {"zh": "年均增长{amount}", "en": "growth of {amount} a year"},
    "eval_need_cagr_down": {"zh": "年均下降不超过{amount}", "en": "a fall of no more than {amount} a year"},
    "eval_need_linear_up": {"zh": "年均增加{amount}", "en": "a rise of {amount} a year"},
    "eval_need_linear_down": {"zh": "年均减少不超过{amount}", "en": "a fall of no more than {amount} a year"},
    "eval_goal": {"zh": "{year}年实现目标（{target}）", "en": "to reach {target} by {year}"},
    "eval_goal_double": {"zh": "{year}年实现翻番（{target}）", "en": "to double by {year}, to {target}"},
    "eval_para_latest": {"zh": "{period}{name}{value}", "en": "In {period}, {name} was {value}"},
    "eval_para_rate": {"zh": "，{start}—{end}年{rate}", "en": "; it {rate} over {start}–{end}"},
    "eval_para_above": {"zh": "，高于{goal}所需的{required}", "en": ", above the {required} a year needed {goal}"},
    "eval_para_below": {"zh": "，低于{goal}所需的{required}", "en": ", below the {required} a year needed {goal}"},
    "eval_para_equal": {"zh": "，与{goal}所需的{required}持平", "en": ", equal to the {required} a year needed {goal}"},
    "eval_para_no_figure": {
        "zh": "{name}尚无公开数据（目标：{target}），本报告不作推算，无法评估",
        "en": "No figure has been published for {name} (target: {target}); the report estimates none, so it cannot "
        "be assessed",
    },
    "eval_para_growth": {
        "zh": "{name}{year}年增长目标为{target}：{reason}，评估为“{word}”",
        "en": "{name}, the {year} growth target of {target}: {reason}; assessed as “{word}”",
    },
    "eval_end_early": {
        "zh": "，已于{year}年提前实现{target_year}年目标（{target}）",
        "en": ", so it met the {target_year} target of {target} early, in {year}",
    },
    "eval_end_achieved": {
        "zh": "，已实现{target_year}年目标（{target}）",
        "en": ", so it has met the {target_year} target of {target}",
    },
    "eval_end_faster": {"zh": "，快于预期", "en": ": ahead of expectations"},
    "eval_end_faster_by": {
        "zh": "，快于预期，按此速度预计{reach}年达到目标",
        "en": ": ahead of expectations, reaching the target in {reach} at this pace",
    },
    "eval_end_as_expected": {"zh": "，基本符合预期", "en": ": broadly as expected"},
    "eval_end_behind": {"zh": "，滞后于预期，需加快推进", "en": ": behind expectations, and the pace must pick up"},
    "eval_end_behind_need": {
        "zh": "，滞后于预期；今后需{need}才能在{target_year}年如期实现，需加快推进",
        "en": ": behind expectations; it now needs {need} to meet the target by {target_year}, so the pace must "
        "pick up",
    },
    "eval_end_missed": {
        "zh": "，{target_year}年目标（{target}）未完成",
        "en": ", so the {target_year} target of {target} was missed",
    },
    "eval_end_not_assessed": {"zh": "，暂无法评估：{reason}", "en": "; it cannot be assessed yet: {reason}"},
    "eval_end_progress": {
        "zh": "（目标 {target}，已完成进度 {progress}）",
        "en": " (target {target}; {progress} of the way there)",
    },
    "eval_end": {"zh": "。", "en": "."},
    "eval_note_lower_bound": {
        "zh": "最新数据为下限，实际值不低于此数。",
        "en": "The latest figure is a lower bound: the actual value is at least this.",
    },
    "eval_note_approximate": {
        "zh": "评估依据约数或预计数，结论仅供参考。",
        "en": "The assessment rests on an approximate or estimated figure.",
    },
    "eval_note_proxy": {
        "zh": "最新数据为替代口径，统计范围与规划指标不完全一致。",
        "en": "The latest figure is a proxy: its scope differs from the plan's indicator.",
    },
    "eval_note_basis": {"zh": "口径说明：{basis}。", "en": "Basis: {basis}."},
    "eval_note_break": {
        "zh": "最新数据口径有调整，与此前数据不可直接比较。",
        "en": "The latest figure is on a new basis and not directly comparable with earlier ones.",
    },
    "eval_note_revised": {"zh": "最新数据为修订数。", "en": "The latest figure is a revised one."},
    "eval_note_stale": {"zh": "{stale}，数据较旧。", "en": "The {stale}: an old figure."},
    "eval_h_summary": {"zh": "一、总体情况", "en": "1. Summary"},
    "eval_h_table": {"zh": "二、目标完成情况一览", "en": "2. Every target"},
    "eval_h_indicators": {"zh": "三、分指标评估", "en": "3. Target by target"},
    "eval_h_method": {"zh": "附录一：评估方法", "en": "Appendix 1: Method"},
    "eval_h_sources": {"zh": "附录二：数据来源", "en": "Appendix 2: Sources"},
    "eval_col_class": {"zh": "评估结论", "en": "Evaluation"},
    "eval_col_rule": {"zh": "判定规则", "en": "Rule"},
    "eval_gap_missing": {
        "zh": "尚无可评估的目标，无法绘制差距图。",
        "en": "No target can be assessed yet, so there is no gap chart.",
    },
    "eval_gap_no_font": {
        "zh": "服务器未安装中文字体，差距图未能嵌入（请安装 fonts-noto-cjk 后重新生成）。",
        "en": "The server has no Chinese font, so the gap chart is left out (install fonts-noto-cjk and make it "
        "again).",
    },
    "eval_notes_title": {"zh": "最新说明", "en": "Latest notes"},
    "eval_note_line": {"zh": "{period}（{author}，{date}）：{text}", "en": "{period} ({author}, {date}): {text}"},
    "eval_method_pace": {
        "zh": "进度 =（最新值 − 基期值）/（目标值 − 基期值）。速度评估比较从基期到最新年度数据的实际年均速度与实现目标"
        "所需的年均速度（总量按复合年均增长率，比重按每年变化的百分点）；比值 ≥ 95% 为进度正常，60%–95% 需要加速，"
        "0–60% 进展有限，小于 0 倒退；最新数据已达到目标为已实现，目标年份数据未达到为未实现；"
        "年度数据少于两个无法评估。年内累计数据不参与速度计算。评估结论由进度状态按下表归类：",
        "en": "Progress = (latest − baseline) / (target − baseline). The pace compares the actual rate per year from "
        "the baseline to the latest annual figure with the rate the target needs (compound growth for totals, "
        "percentage points a year for shares): a ratio of 95% or more is on track, 60–95% acceleration needed, 0–60% "
        "limited progress, below 0 deterioration; a latest figure that meets the target is achieved, a target year "
        "whose figure falls short is missed; fewer than two annual figures cannot be assessed. Year-to-date figures "
        "never enter a rate. Each status maps to an evaluation class as follows:",
    },
    "eval_method_honest": {
        "zh": "本报告的文字由数据自动生成：没有公布的数据写明“尚无公开数据”，不作推算；“以上”“约”“预计”、替代口径和"
        "口径调整均在数字旁注明。",
        "en": "The report's sentences are written from the figures: a missing figure is said to be missing and never "
        "estimated; lower bounds, approximate and estimated figures, proxies and series breaks are said beside the "
        "number.",
    },
    "eval_source_target": {"zh": "{name}（目标）：{source}", "en": "{name} (target): {source}"},
    "eval_source_figure": {"zh": "{name}（最新数据）：{source}", "en": "{name} (latest figure): {source}"},
    "eval_no_chromium": {
        "zh": "无法生成 PDF：本机未安装 Chromium（{path}）；请运行 apt-get install -y chromium fonts-noto-cjk，"
        "或改为输出 .docx 或 .html",
        "en": "cannot make a PDF: Chromium is not installed ({path}); run apt-get install -y chromium fonts-noto-cjk, "
        "or write a .docx or .html file instead",
    },
    "eval_pdf_failed": {
        "zh": "无法生成 PDF：Chromium 打印失败（{why}）；请改为输出 .docx 或 .html 后重试",
        "en": "cannot make a PDF: Chromium's print failed ({why}); write a .docx or .html file instead",
    },
    "eval_bad_suffix": {
        "zh": "无法识别输出文件 {path} 的格式：请以 .docx、.pdf 或 .html 结尾",
        "en": "cannot tell the format of {path}: end the file name with .docx, .pdf or .html",
    },
    "eval_no_plan": {
        "zh": "没有编号为“{plan}”的规划：本数据库的规划为 {plans}",
        "en": "there is no plan '{plan}': the plans in this database are {plans}",
    },
    "cli_evaluation_written": {
        "zh": "第 {revision} 版的评估报告（{language}）已写入 {file}",
        "en": "evaluation of revision {revision} ({language}) written to {file}",
    },
    "dl_evaluation": {"zh": "评估报告", "en": "Evaluation report"},
    "dl_evaluation_pdf_off": {
        "zh": "服务器未安装 Chromium，无法生成 PDF；请下载 DOCX",
        "en": "the server has no Chromium to make a PDF: download the DOCX",
    },
    "method_eval_title": {"zh": "评估报告的结论分类", "en": "The evaluation report's classes"},
    "method_eval_intro": {
        "zh": "评估报告（侧边栏“下载” → 评估报告，或 `python -m tracker evaluation`）"
        "把每项目标的进度状态归为以下结论：",
        "en": "The evaluation report (sidebar Downloads → Evaluation report, or `python -m tracker evaluation`) "
        "puts each target's pace status in one of these classes:",
    },
    "method_eval_status": {"zh": "进度状态", "en": "Pace status"},
    # end of issue 13's evaluation texts
    # issue 13: notes (check-ins) on targets (tracker.notes, app_pages/indicator.py, overview, upload, cli note)
    "note_no_indicator": {
        "zh": "缺少指标：请填写指标编号或名称",
        "en": "no indicator: give an indicator id or name",
    },
    "note_unknown_indicator": {
        "zh": "不认识的指标“{indicator}”：请使用指标编号或名称（见指标页）",
        "en": "unknown indicator '{indicator}': use an indicator id or name (see the indicator page)",
    },
    "note_unknown_milestone": {
        "zh": "“{milestone}”不是指标 {indicator} 的目标年份：请填写 {targets} 之一，或留空",
        "en": "'{milestone}' is not a target period of {indicator}: give one of {targets}, or leave it empty",
    },
    "note_empty": {
        "zh": "说明为空：请填写说明文字（或情况、原因、措施、下一步中的至少一项）",
        "en": "the note is empty: write its text (or at least one of what happened, why, what is being done, "
        "next step)",
    },
    "note_too_long": {
        "zh": "说明过长（{n} 个字符，上限 {limit}）：请缩短后再保存",
        "en": "the note is too long ({n} characters, at most {limit}): shorten it and save again",
    },
    "note_nul": {
        "zh": "说明含有空字符（0x00），无法保存：请删除后再保存",
        "en": "the note contains a NUL character (0x00), which cannot be stored: remove it and save again",
    },
    "note_refused": {"zh": "说明未保存：{problems}", "en": "the note was not saved: {problems}"},
    "note_refused_item": {"zh": "“{column}”：{message}", "en": "{column}: {message}"},
    "note_refused_separator": {"zh": "；", "en": "; "},
    "note_no_such": {
        "zh": "没有编号为 {note_id} 的说明（或已删除）：请用 note list 查看现有说明",
        "en": "there is no note {note_id} (or it was deleted): see note list for the notes there are",
    },
    "note_unchanged": {
        "zh": "说明 {note_id} 没有改动：未保存新版本",
        "en": "note {note_id} is unchanged: no new version was stored",
    },
    "notes_unreadable": {
        "zh": "无法读取说明文件 {file}（{why}）：请保存为 CSV（UTF-8）或 XLSX 后重试",
        "en": "cannot read the notes file {file} ({why}): save it as CSV (UTF-8) or XLSX and try again",
    },
    "notes_missing_column": {
        "zh": "缺少“{column}”列：说明文件需要指标、时期和说明三列（可选：目标年份）",
        "en": "no '{column}' column: a notes file needs indicator, period and text columns (optional: milestone)",
    },
    "notes_too_many": {
        "zh": "说明文件有 {n} 行，上限 {limit} 行：请分成几个文件上传",
        "en": "the notes file has {n} rows, at most {limit}: split it into several files",
    },
    "notes_none": {
        "zh": "{file} 中没有说明：请在表头下填写指标、时期和说明",
        "en": "{file} holds no notes: fill in indicator, period and text under the header",
    },
    "notes_refused": {
        "zh": "说明文件有 {n} 个问题：没有保存任何说明。",
        "en": "{n} problem(s) in the notes file: no note was stored.",
    },
    "note_part_happened": {"zh": "情况：{value}", "en": "What happened: {value}"},
    "note_part_cause": {"zh": "原因：{value}", "en": "Why: {value}"},
    "note_part_action": {"zh": "措施：{value}", "en": "What is being done: {value}"},
    "note_part_next_step": {"zh": "下一步：{value}", "en": "Next step: {value}"},
    "notes_title": {"zh": "说明", "en": "Notes"},
    "notes_none_yet": {"zh": "暂无说明。", "en": "No notes yet."},
    "note_latest_line": {"zh": "最新说明 {period}：{text}", "en": "Latest note {period}: {text}"},
    "note_meta": {"zh": "{author} · {date}", "en": "{author} · {date}"},
    "note_milestone": {"zh": "{period}年目标", "en": "{period} target"},
    "note_add": {"zh": "添加说明", "en": "Add a note"},
    "note_edit": {"zh": "修改", "en": "Edit"},
    "note_delete": {"zh": "删除", "en": "Delete"},
    "note_save": {"zh": "保存说明", "en": "Save the note"},
    "note_period": {"zh": "时期（如 2025、2025-06）", "en": "Period (such as 2025 or 2025-06)"},
    "note_text": {"zh": "说明", "en": "Note"},
    "note_happened": {"zh": "情况（可选）", "en": "What happened (optional)"},
    "note_cause": {"zh": "原因（可选）", "en": "Why (optional)"},
    "note_action": {"zh": "措施（可选）", "en": "What is being done (optional)"},
    "note_next_step": {"zh": "下一步（可选）", "en": "Next step (optional)"},
    "note_milestone_choice": {"zh": "目标（可选）", "en": "Milestone (optional)"},
    "note_no_milestone": {"zh": "—", "en": "—"},
    "note_author": {"zh": "作者", "en": "Author"},
    "note_saved": {"zh": "说明已保存（第 {rev} 版）。", "en": "The note was saved (revision {rev})."},
    "note_deleted": {
        "zh": "说明已删除（第 {rev} 版）；此前的版本仍保留。",
        "en": "The note was deleted (revision {rev}); earlier revisions keep it.",
    },
    "note_pinned_read_only": {
        "zh": "正在查看第 {rev} 版：说明只能在最新版本中修改。",
        "en": "You are viewing revision {rev}: notes can be changed at the latest revision only.",
    },
    "note_chart_marker": {"zh": "说明", "en": "Note"},
    "notes_upload_tab": {"zh": "上传说明", "en": "Upload notes"},
    "notes_upload_help": {
        "zh": "CSV 或 XLSX（“说明”工作表）：指标、时期、说明三列，可选目标年份、情况、原因、措施、下一步；"
        "有任何问题则不保存。",
        "en": "CSV or XLSX (a 'notes' sheet): indicator, period and text columns; optional milestone, what happened, "
        "why, action, next step; any problem stores nothing.",
    },
    "notes_file": {"zh": "说明文件", "en": "Notes file"},
    "notes_store": {"zh": "保存 {n} 条说明", "en": "Store {n} notes"},
    "notes_checked": {"zh": "{n} 条说明检查无误。", "en": "{n} notes checked, no problems."},
    "notes_stored": {"zh": "已保存 {n} 条说明（第 {rev} 版）。", "en": "{n} notes stored (revision {rev})."},
    "banner_pinned_notes": {
        "zh": "数据版本：第 {rev} 版（{date}）— 此后只新增或修改了说明（最新第 {latest} 版）。",
        "en": "As of revision {rev} ({date}) — only notes changed since (revision {latest}).",
    },
    "cli_note_added": {"zh": "第 {rev} 版：已添加说明 {note_id}", "en": "revision {rev}: note {note_id} added"},
    "cli_note_edited": {"zh": "第 {rev} 版：说明 {note_id} 已修改", "en": "revision {rev}: note {note_id} edited"},
    "cli_note_deleted": {"zh": "第 {rev} 版：说明 {note_id} 已删除", "en": "revision {rev}: note {note_id} deleted"},
    "cli_notes_imported": {
        "zh": "第 {rev} 版：已导入 {n} 条说明，来自 {file}",
        "en": "revision {rev}: {n} notes from {file}",
    },
    # end of issue 13's note texts
    # issue 13: alerts (tracker.alerts, cli alerts)
    "alert_worsened_subject": {
        "zh": "【目标预警】{name}（{period}年目标）：{old} → {new}",
        "en": "[Target alert] {name} ({period} target): {old} → {new}",
    },
    "alert_missed_subject": {
        "zh": "【目标预警】{name}（{period}年目标）未实现",
        "en": "[Target alert] {name} ({period} target) missed",
    },
    "alert_overdue_subject": {
        "zh": "【数据逾期】{name}：{period} 的数据应于 {date} 前发布",
        "en": "[Overdue figure] {name}: the {period} figure was due by {date}",
    },
    "alert_status_line": {"zh": "状态：{old} → {new}", "en": "Status: {old} → {new}"},
    "alert_cause_line": {"zh": "原因：{cause}", "en": "Cause: {cause}"},
    "alert_link_line": {"zh": "查看（第 {rev} 版）：{link}", "en": "View (revision {rev}): {link}"},
    "alert_overdue_cause": {
        "zh": "最新数据为 {latest}，{period} 的数据已逾期 {days} 天",
        "en": "the latest figure is for {latest}; the {period} figure is {days} days overdue",
    },
    "alert_missed_cause": {
        "zh": "目标年份 {period} 已过，最新数据未达到目标",
        "en": "the target period {period} has ended and the latest figure falls short",
    },
    "alert_revision_cause": {
        "zh": "第 {rev} 版（{author}：{comment}）",
        "en": "revision {rev} ({author}: {comment})",
    },
    "cli_alerts_none": {"zh": "没有需要发送的预警。", "en": "no alerts to send."},
    "cli_alerts_dry_run": {
        "zh": "试运行（--dry-run）：没有发送或记录任何预警。",
        "en": "dry run (--dry-run): nothing was sent or queued.",
    },
    "cli_alerts_queued": {
        "zh": "已排队 {queued} 条，已发送 {sent} 条，失败待重试 {failed} 条。",
        "en": "{queued} queued, {sent} sent, {failed} failed (to retry).",
    },
    "cli_alerts_not_configured": {
        "zh": "未配置预警渠道（.streamlit/secrets.toml 的 [alerts]）：不发送任何消息。",
        "en": "no alert channel is configured ([alerts] in .streamlit/secrets.toml): nothing is sent.",
    },
    "cli_alerts_what": {
        "zh": "请说明要做什么：alerts --since N、alerts --overdue 或 alerts send",
        "en": "say what to do: alerts --since N, alerts --overdue or alerts send",
    },
    # end of issue 13's alert texts
    # issue 12 §5: why a status changed between two revisions (tracker.changes, cli status --since, history page,
    # overview cards)
    "change_since": {
        "zh": "自第{rev}版以来：{moved}，原因：{reason}",
        "en": "since revision {rev}: {moved}, because {reason}",
    },
    "change_cause_separator": {"zh": "；", "en": "; "},
    "change_added_as": {"zh": "新增目标（{status}）", "en": "new target ({status})"},
    "change_removed_was": {"zh": "目标已删除（原为{status}）", "en": "target removed (was {status})"},
    "change_progress": {"zh": "进度 {old} → {new}", "en": "progress {old} → {new}"},
    "change_needed": {"zh": "今后每年仍需 {old} → {new}", "en": "still needed per year {old} → {new}"},
    "change_figure_added": {"zh": "新增{period}数据", "en": "the {period} figure was added"},
    "change_figure_removed": {"zh": "{period}数据已删除", "en": "the {period} figure was removed"},
    "change_figure_revised": {"zh": "{period}数据修订：{old} → {new}", "en": "{period} revised: {old} → {new}"},
    "change_figure_qualifier": {
        "zh": "{period}数据的写法改变：{old} → {new}",
        "en": "{period} now reads {new} (was {old})",
    },
    "change_figure_final": {
        "zh": "{period}正式数据 {new} 取代预计数 {old}",
        "en": "the final {period} figure {new} replaced the estimate {old}",
    },
    "change_growth_added": {"zh": "新增{period}同比增速 {new}", "en": "the {period} growth {new} was added"},
    "change_growth_revised": {
        "zh": "{period}同比增速修订：{old} → {new}",
        "en": "{period} growth revised: {old} → {new}",
    },
    "change_growth_removed": {"zh": "{period}同比增速已删除", "en": "the {period} growth was removed"},
    "change_target_changed": {
        "zh": "{period}年目标：{old} → {new}",
        "en": "the {period} target changed: {old} → {new}",
    },
    "change_target_period_changed": {"zh": "目标年份：{old} → {new}", "en": "the target year changed: {old} → {new}"},
    "change_baseline_changed": {"zh": "基期：{old} → {new}", "en": "the baseline changed: {old} → {new}"},
    "change_bound_changed": {"zh": "目标类型：{old} → {new}", "en": "the bound changed: {old} → {new}"},
    "change_kind_changed": {
        "zh": "目标类别已修改（水平目标或年度增速目标）",
        "en": "the target's kind changed (a level or an annual growth target)",
    },
    "change_indicator_changed": {"zh": "指标定义修改：{fields}", "en": "the indicator's definition changed: {fields}"},
    "change_field_measure": {"zh": "统计类型", "en": "measure"},
    "change_field_direction": {"zh": "方向", "en": "direction"},
    "change_field_pace_method": {"zh": "测算方法", "en": "pace method"},
    "change_field_formula": {"zh": "计算公式", "en": "formula"},
    "change_field_unit": {"zh": "单位", "en": "unit"},
    "change_milestone_added": {"zh": "规划新增该目标", "en": "the plan added this target"},
    "change_milestone_removed": {"zh": "规划删除了该目标", "en": "the plan removed this target"},
    "change_recomputed": {
        "zh": "数据与目标未变，按当前方法重新计算",
        "en": "recomputed: the figures and the target are unchanged",
    },
    "change_more": {"zh": "另有 {n} 项数据变化", "en": "and {n} more figure changes"},
    "change_on_input": {"zh": "{name}：{text}", "en": "{name}: {text}"},
    "change_title": {"zh": "目标状态的变化", "en": "How the targets' status changed"},
    "change_none": {
        "zh": "两版之间没有目标的状态、进度或今后所需增速发生变化。",
        "en": "No target's status, progress or rate still needed differs between the two revisions.",
    },
    "change_col_status": {"zh": "状态（前 → 后）", "en": "Status (before → after)"},
    "change_col_progress": {"zh": "进度（前 → 后）", "en": "Progress (before → after)"},
    "change_col_needed": {"zh": "今后每年仍需（前 → 后）", "en": "Still needed per year (before → after)"},
    "change_col_why": {"zh": "原因", "en": "Why"},
    "change_col_previous": {"zh": "第{rev}版时的状态", "en": "Status at revision {rev}"},
    "change_figure_flags": {"zh": "{period}数据的标记：{old} → {new}", "en": "{period} flags: {old} → {new}"},
    "change_flag_none": {"zh": "无", "en": "none"},
    "change_flag_break": {"zh": "口径调整", "en": "new basis"},
    "change_flag_revised": {"zh": "修订", "en": "revised"},
    "change_flag_proxy": {"zh": "替代口径", "en": "proxy"},
    "change_flag_year_to_date": {"zh": "年内累计", "en": "year to date"},
    # the comparison names a changed qualifier, flags or growth (issue 11's fields) in words
    "diff_field_qualifier": {"zh": "限定词", "en": "Qualifier"},
    "diff_field_flags": {"zh": "标记", "en": "Flags"},
    "diff_field_growth": {"zh": "同比增长", "en": "Growth"},
    # end of issue 12 §5's texts
    # issue 12 §3–4 on the pages: the plan picker, the compare page, the overview's grouping by indicator attributes
    "plan_picker": {"zh": "规划", "en": "Plan"},
    "plan_picker_help": {
        "zh": "各页面显示所选规划的目标；链接和分享链接会记住所选规划。",
        "en": "The pages show this plan's targets; links and share links keep the choice.",
    },
    "plan_shown": {"zh": "规划：{title}", "en": "Plan: {title}"},
    "plan_not_at_revision": {
        "zh": "第 {rev} 版时还没有规划 {plan}：显示该版的规划“{title}”。查看最新数据可看到该规划。",
        "en": "Revision {rev} holds no plan {plan} yet: showing its plan “{title}”. The latest figures show that plan.",
    },
    "page_compare": {"zh": "对比规划", "en": "Compare plans"},
    "compare_intro": {
        "zh": "每个指标在各规划中的目标及其当前状态，按第{rev}版的数据评估。“—”表示该规划没有这个指标的目标。",
        "en": "Each indicator's targets in each plan and their status, by the figures of revision {rev}. "
        "“—”: the plan has no target for the indicator.",
    },
    "compare_one_plan": {
        "zh": "数据库中只有一个规划。导入第二个规划后（上传数据页，或 `python -m tracker plan import`），"
        "可在此并列对比。",
        "en": "The database holds one plan. Import a second one (the upload page, or `python -m tracker plan import`) "
        "to compare them side by side here.",
    },
    "compare_none": {"zh": "各规划都没有设定目标。", "en": "No plan sets a target."},
    "compare_col_target": {"zh": "{plan}：目标", "en": "{plan}: target"},
    "compare_col_status": {"zh": "{plan}：状态", "en": "{plan}: status"},
    "group_by": {"zh": "分组", "en": "Group by"},
    "group_pillar": {"zh": "支柱", "en": "Pillar"},
    "attr_kind": {"zh": "指标属性", "en": "Kind"},
    "attr_owner": {"zh": "责任部门", "en": "Responsible department"},
    "attr_cadence": {"zh": "统计频率", "en": "Cadence"},
    "attr_filter": {"zh": "只看", "en": "Show only"},
    "attr_all": {"zh": "全部", "en": "All"},
    "attr_unspecified": {"zh": "未指定", "en": "not specified"},
    "attr_kind_binding": {"zh": "约束性", "en": "binding"},
    "attr_kind_expected": {"zh": "预期性", "en": "expected"},
    "attr_cadence_annual": {"zh": "年度", "en": "annual"},
    "attr_cadence_quarterly": {"zh": "季度", "en": "quarterly"},
    "attr_cadence_monthly": {"zh": "月度", "en": "monthly"},
    "attr_help": {
        "zh": "指标属性、责任部门和统计频率取自规划文件；规划未写明的显示为“未指定”，不作推测。",
        "en": "Kind, responsible department and cadence come from the plan file; where the plan does not say, "
        "“not specified”, never guessed.",
    },
    "attr_filter_shown": {
        "zh": "只显示{attr}为“{value}”的 {n} 个指标。",
        "en": "Showing the {n} indicator(s) whose {attr} is “{value}”.",
    },
    # end of issue 12 §3–4's page texts
    # issue 14: departments, submissions and who changed what (tracker.departments, tracker.submissions,
    # tracker.cli_departments, components/departments.py, app_pages/review.py)
    "department_name": {"zh": "{name}（{id}）", "en": "{name} ({id})"},
    "department_owner_none": {"zh": "规划办（没有部门报送它）", "en": "the planning office (no department reports it)"},
    "department_not_yours": {
        "zh": "指标 {indicator}（{period}）由{owner}报送，不属于{mine}：请删去这一行，或请该部门上传。"
        "整个文件都未保存。",
        "en": "Indicator {indicator} ({period}) is reported by {owner}, not by {mine}: remove this row, or ask that "
        "department to upload it. Nothing of the file was stored.",
    },
    "department_same_passcode": {
        "zh": "访问配置有误：{a} 与 {b} 相同，无法分辨是谁输入的。"
        "请在 .streamlit/secrets.toml 中为每个部门设置不同的口令，然后重启。",
        "en": "Access settings are wrong: {a} equals {b}, so who typed it cannot be told apart. Give each department "
        "its own passcode in .streamlit/secrets.toml, then restart.",
    },
    "department_unknown_id": {
        "zh": "访问配置有误：部门 {id} 不在 data/departments.csv 中（已有：{known}）。"
        "请修改 [departments.{id}] 或该文件，然后重启。",
        "en": "Access settings are wrong: department {id} is not in data/departments.csv (known: {known}). Fix "
        "[departments.{id}] or the file, then restart.",
    },
    "department_config_refused": {
        "zh": "在修正之前，任何人都不能登录修改数据。",
        "en": "Until this is fixed nobody may sign in to change data.",
    },
    "department_planning_office": {"zh": "规划办", "en": "Planning office"},
    "department_signed_in": {
        "zh": "你以 **{name}** 的身份登录：只能上传本部门报送的 {n} 个指标。",
        "en": "You are signed in as **{name}**: you may upload the {n} indicator(s) your department reports.",
    },
    "department_review_on": {
        "zh": "上传后先作为待审核提交，由规划办审核发布；发布前任何读者都看不到这些数字。",
        "en": "An upload becomes a submission the planning office reviews and publishes; no reader sees its figures "
        "before that.",
    },
    "department_none_owned": {
        "zh": "目前没有指标归本部门报送：请规划办在规划的“责任部门”列或 data/departments.csv 中指定。",
        "en": "No indicator is your department's yet: ask the planning office to name it in the plan's owner column "
        "or in data/departments.csv.",
    },
    "department_due_title": {"zh": "本部门的指标及到期情况", "en": "Your indicators and what is due"},
    "department_col_indicator": {"zh": "指标", "en": "Indicator"},
    "department_col_latest": {"zh": "最新数据", "en": "Latest figure"},
    "department_col_next": {"zh": "下一期", "en": "Next period"},
    "department_col_due": {"zh": "应于", "en": "Due"},
    "department_col_state": {"zh": "状态", "en": "State"},
    "department_state_overdue": {"zh": "已逾期 {days} 天", "en": "{days} days overdue"},
    "department_state_ok": {"zh": "按时", "en": "on time"},
    "department_template": {"zh": "下载本部门模板（CSV）", "en": "Download your template (CSV)"},
    "department_author": {"zh": "你的姓名", "en": "Your name"},
    "department_submit": {"zh": "提交审核", "en": "Submit for review"},
    "department_store": {"zh": "保存为新版本", "en": "Store as a new revision"},
    "department_submitted": {
        "zh": "已提交（第 {n} 号）：规划办审核发布后才会显示。",
        "en": "Submitted (no. {n}): it shows once the planning office publishes it.",
    },
    "department_my_submissions": {"zh": "本部门的提交", "en": "Your department's submissions"},
    "department_sign_out": {"zh": "退出部门登录", "en": "Sign out"},
    "submission_state_pending": {"zh": "待审核", "en": "pending"},
    "submission_state_published": {"zh": "已发布", "en": "published"},
    "submission_state_returned": {"zh": "已退回", "en": "returned"},
    "page_review": {"zh": "审核提交", "en": "Review submissions"},
    "review_intro": {
        "zh": "各部门提交的数据在此审核。发布前会按最新版本重新检查和预览；读者在发布前看不到这些数字。",
        "en": "Departments' submissions wait here. Publishing checks and previews each again against the latest "
        "revision; readers never see a submission's figures before it is published.",
    },
    "review_none": {"zh": "没有待审核的提交。", "en": "No submission is waiting."},
    "review_off": {
        "zh": "本部署未开启审核（secrets 中 review = true）：部门上传会直接保存为新版本。",
        "en": "Review is off here (review = true in secrets): a department's upload is stored as a revision at once.",
    },
    "review_item": {
        "zh": "第 {n} 号 · {department} · {author} · {when} · {file}",
        "en": "No. {n} · {department} · {author} · {when} · {file}",
    },
    "review_comment_given": {"zh": "提交说明：{comment}", "en": "Their comment: {comment}"},
    "review_rechecked": {
        "zh": "按最新的第 {latest} 版重新检查（提交时基于第 {base} 版）。",
        "en": "Checked again against the latest revision {latest} (submitted against revision {base}).",
    },
    "review_problems": {
        "zh": "重新检查发现 {n} 个问题：不能发布。请退回并说明。",
        "en": "Checked again, it has {n} problem(s): it cannot be published. Return it with a comment.",
    },
    "review_meanwhile": {
        "zh": "提交之后，第 {base} 版到第 {latest} 版之间有 {n} 个相同的数字被改动：",
        "en": "Since it was submitted, revisions {base}–{latest} changed {n} of the same figure(s):",
    },
    "review_meanwhile_none": {
        "zh": "提交之后没有人改动这些数字。",
        "en": "Nobody changed these figures since it was submitted.",
    },
    "review_meanwhile_row": {
        "zh": "{indicator} {period}：{old} → {new}",
        "en": "{indicator} {period}: {old} → {new}",
    },
    "review_status_moves": {"zh": "发布后状态会改变的目标：", "en": "Targets whose status publishing moves:"},
    "review_status_move": {
        "zh": "{indicator} · {period}年目标：{before} → {after}",
        "en": "{indicator} · {period} target: {before} → {after}",
    },
    "review_no_status_moves": {"zh": "没有目标的状态会改变。", "en": "No target's status moves."},
    "review_reviewer": {"zh": "审核人姓名", "en": "Reviewer's name"},
    "review_confirm": {
        "zh": "我已看过上面的预览和期间的改动",
        "en": "I have read the preview above and what changed meanwhile",
    },
    "review_publish": {"zh": "发布", "en": "Publish"},
    "review_return_comment": {"zh": "退回说明（部门会看到）", "en": "Why it goes back (the department sees this)"},
    "review_return": {"zh": "退回", "en": "Return"},
    "review_need_reviewer": {
        "zh": "请填写审核人姓名并勾选确认，然后再发布。",
        "en": "Enter the reviewer's name and tick the confirmation, then publish.",
    },
    "review_need_comment": {
        "zh": "请写明退回原因，部门才知道要改什么。",
        "en": "Say why it goes back, so the department knows what to change.",
    },
    "review_published": {
        "zh": "第 {n} 号已发布为第 {rev} 版（审核人：{reviewer}）。",
        "en": "No. {n} is published as revision {rev} (reviewer: {reviewer}).",
    },
    "review_returned": {"zh": "第 {n} 号已退回 {department}。", "en": "No. {n} went back to {department}."},
    "review_decided": {
        "zh": "第 {n} 号已{state}，不能再处理。",
        "en": "No. {n} is already {state}; there is nothing left to decide.",
    },
    "review_decided_title": {"zh": "已处理的提交", "en": "Decided submissions"},
    "history_department": {"zh": "部门", "en": "Department"},
    "history_who": {"zh": "提交人", "en": "Who"},
    "history_reviewer": {"zh": "审核人", "en": "Reviewer"},
    "history_channel": {"zh": "来源", "en": "From"},
    "channel_page": {"zh": "网页", "en": "page"},
    "channel_cli": {"zh": "命令行", "en": "CLI"},
    "history_all_departments": {"zh": "全部", "en": "All"},
    "coverage_by_department": {"zh": "各部门的报送情况", "en": "By department"},
    "coverage_by_department_intro": {
        "zh": "每个部门应报送的指标，以及是否逾期。部门名单是示例，由规划办在 data/departments.csv 中修改。",
        "en": "The indicators each department owes, and whether they are late. The departments are an example the "
        "planning office edits in data/departments.csv.",
    },
    "coverage_department_row": {
        "zh": "{n} 个指标，{late} 个逾期",
        "en": "{n} indicator(s), {late} overdue",
    },
    "coverage_col_owed": {"zh": "应报送", "en": "Owes"},
    "oidc_sign_in": {"zh": "用单位账号登录", "en": "Sign in with your organisation account"},
    "oidc_not_mapped": {
        "zh": "你已登录为 {who}，但没有对应的部门或规划办权限："
        "请规划办在 secrets 的 [departments.<id>] groups 中加入你的组。",
        "en": "You are signed in as {who}, but no department (or the planning office) is mapped to you: ask the "
        "planning office to add your group to [departments.<id>] groups in the secrets.",
    },
    "cli_access_config": {"zh": "访问配置有误：{problems}", "en": "access settings are wrong: {problems}"},
    "cli_unknown_department": {
        "zh": "没有部门 {id}（data/departments.csv 中有：{known}）",
        "en": "there is no department {id} (data/departments.csv has: {known})",
    },
    "cli_submitted": {
        "zh": "已作为第 {n} 号提交保存（部门 {department}），等待审核：python -m tracker publish {n} --reviewer 姓名",
        "en": "kept as submission {n} of {department}, waiting for review: "
        "python -m tracker publish {n} --reviewer NAME",
    },
    "cli_no_submissions": {"zh": "没有待审核的提交。", "en": "no submission is waiting"},
    "cli_submission_decided": {
        "zh": "第 {n} 号提交已{state}，不能再处理。",
        "en": "submission {n} is already {state}: nothing left to decide",
    },
    "cli_meanwhile": {
        "zh": "注意：提交之后（第 {base} 版到第 {latest} 版）有 {n} 个相同的数字被改动：",
        "en": "note: since it was submitted, revisions {base}–{latest} changed {n} of the same figure(s):",
    },
    "cli_published": {
        "zh": "第 {n} 号提交已发布为第 {revision} 版（审核人 {reviewer}）",
        "en": "submission {n} published as revision {revision} (reviewer {reviewer})",
    },
    "cli_returned": {"zh": "第 {n} 号提交已退回 {department}", "en": "submission {n} returned to {department}"},
    "cli_return_needs_comment": {
        "zh": '退回需要说明原因：--comment "…"',
        "en": 'a return needs a reason: --comment "…"',
    },
    # end of issue 14's texts
    # Issue 12 §3, a blank store (another zone's own instance): no plan yet, and what to do
    "no_plan_yet": {
        "zh": "这个数据库还没有规划方案。请先导入本区的方案：在“上传数据”页的“规划方案”标签上传方案文件"
        '（可先下载模板），或运行 python -m tracker plan import 方案.xlsx --plan 方案编号 --title "中文标题"；'
        "然后再上传数据。",
        "en": "This database has no plan yet. Import the zone's plan first: upload a plan file on the upload page's "
        "plan tab (a template is offered there), or run python -m tracker plan import PLAN.xlsx --plan ID --title "
        '"Chinese title"; then upload its figures.',
    },
    "no_plan_yet_figures": {
        "zh": "还没有规划方案，数据无从核对：请先在“规划方案”标签导入方案，再上传数据。",
        "en": "There is no plan yet to check figures against: import a plan on the plan tab first, then upload "
        "its figures.",
    },
    "cli_no_plan_yet": {
        "zh": "这个数据库还没有规划方案：先导入一个，"
        'python -m tracker plan import 方案.xlsx --plan 方案编号 --title "中文标题"',
        "en": "this database has no plan yet: import one first, python -m tracker plan import PLAN.xlsx --plan ID "
        '--title "Chinese title"',
    },
    "blank_seed_comment": {
        "zh": "空白数据库：数据文件夹中没有方案和数据",
        "en": "A blank store: no plan and no figures in its data folder",
    },
    # end of the blank store's texts
}


def t(key: str, lang: str, **params: object) -> str:
    """The text for ``key`` in ``lang`` (falls back to Chinese), with ``params`` filled in. A param that is a Text
    or a Listing is rendered in ``lang`` too; a tuple is joined as a list ("、" / ", ")."""
    entry = TEXT[key]
    text = entry.get(lang) or entry["zh"]
    return text.format(**{name: _rendered(value, lang) for name, value in params.items()})  # a missing param raises


def _rendered(value: object, lang: str) -> object:
    if isinstance(value, Text | Listing | Both):
        return value.render(lang)
    if isinstance(value, tuple):
        return Listing(value).render(lang)
    return value


@dataclass(frozen=True)
class Both:
    """A text from data given in both languages (a department's name): a param rendered in the reader's."""

    zh: str
    en: str

    def render(self, lang: str) -> str:
        return self.en if lang == "en" and self.en else self.zh


@dataclass(frozen=True)
class Listing:
    """Items (texts, or Texts rendered in the reader's language) joined as a list: "a、b" / "a, b"; with
    ``separator="list_and"``: "a、b" / "a and b"."""

    items: tuple
    separator: str = "list_separator"

    def render(self, lang: str) -> str:
        return t(self.separator, lang).join(str(_rendered(item, lang)) for item in self.items)


class Worded:
    """A problem, warning or error that carries a ``text`` (a Text): ``message(lang)`` renders it."""

    text: Text

    def message(self, lang: str = "zh") -> str:
        return self.text.render(lang)

    @property
    def message_zh(self) -> str:
        return self.message("zh")

    @property
    def message_en(self) -> str:
        return self.message("en")


@dataclass(frozen=True)
class Text:
    """A text of the catalogue before it is put in a language: its key and params (a param may be a Text).
    Problems and errors carry one, so each face renders them in its reader's language."""

    key: str
    params: dict = field(default_factory=dict, compare=True, hash=False)

    def render(self, lang: str) -> str:
        return t(self.key, lang, **self.params)


def status_label(status: str, lang: str) -> str:
    """Icon and word, e.g. "✓ On track"."""
    s = STATUS[status]
    return f"{s['icon']} {s[lang]}"


def reason(code: str, params: dict[str, str], lang: str) -> str:
    """Why a status is what it is, in ``lang``. A param named ``*_month`` holds a month number and is written as
    that month ("9": 9 / Sep)."""
    filled = {k: (t(f"month_{int(v)}", lang) if k.endswith("_month") else v) for k, v in params.items()}
    return REASONS.get(code, REASONS[""])[lang].format(**filled)
