// The checks of tests/browser/a11y_checks.py, evaluated in the page (see its docstring).
(() => {
  const visible = (el) => {
    if (!el || !(el.offsetWidth || el.offsetHeight || el.getClientRects().length)) return false;
    return getComputedStyle(el).visibility !== "hidden";
  };
  const text = (el) => (el ? el.textContent.replace(/\s+/g, " ").trim() : "");
  const describe = (el) => {
    let name = el.tagName.toLowerCase();
    if (el.id) name += "#" + el.id;
    else if (el.getAttribute("name")) name += `[name="${el.getAttribute("name")}"]`;
    else if (el.classList.length) name += "." + [...el.classList].join(".");
    const label = text(el).slice(0, 20);
    return label && !["input", "select", "textarea"].includes(el.tagName.toLowerCase())
      ? `${name}「${label}」` : name;
  };
  const byIds = (el, attr) => (el.getAttribute(attr) || "").split(/\s+/).filter(Boolean)
    .map((id) => document.getElementById(id)).filter(Boolean);
  return {
    form() {
      const problems = [];
      const skipped = ["hidden", "submit", "button", "reset", "image"];
      const controls = [...document.querySelectorAll("input, select, textarea")]
        .filter((el) => !skipped.includes(el.type) && visible(el));
      for (const el of controls) {
        const labels = [...(el.labels || [])].filter(visible).map(text).filter(Boolean);
        const labelledBy = byIds(el, "aria-labelledby").filter(visible).map(text).filter(Boolean);
        if (!labels.length && !labelledBy.length) {
          const only = el.placeholder ? `（placeholder「${el.placeholder}」だけ）`
            : el.getAttribute("aria-label") ? `（aria-label「${el.getAttribute("aria-label")}」だけ）` : "";
          problems.push(`ラベル: ${describe(el)} に見えるラベル（<label> か aria-labelledby）がない${only}`);
        }
        if (el.required || el.getAttribute("aria-required") === "true") {
          const legend = el.closest("fieldset")?.querySelector(":scope > legend");
          if (![...labels, ...labelledBy, text(legend)].some((t) => t.includes("※必須"))) {
            problems.push(`必須: ${describe(el)} は必須だが、ラベルにも凡例にも「※必須」がない`);
          }
        }
      }
      for (const el of document.querySelectorAll('[aria-invalid="true"]')) {
        // A grouped control (radios, checkboxes) is described through its fieldset.
        const group = el.closest("fieldset[aria-describedby]");
        const described = [...byIds(el, "aria-describedby"), ...(group ? byIds(group, "aria-describedby") : [])];
        if (!described.some((n) => visible(n) && text(n).includes("エラー"))) {
          problems.push(`エラー: ${describe(el)} は aria-invalid だが aria-describedby がエラー文を指していない`);
        }
      }
      for (const list of document.querySelectorAll("main .errorlist:not(.nonfield)")) {
        if (!visible(list)) continue;
        const owners = list.id
          ? [...document.querySelectorAll("[aria-describedby]")]
              .filter((el) => byIds(el, "aria-describedby").includes(list))
          : [];
        if (!owners.length) {
          problems.push(`エラー: 「${text(list).slice(0, 30)}」を aria-describedby で指す項目がない`);
        } else if (!owners.some((el) => el.getAttribute("aria-invalid") === "true" ||
            el.querySelector('[aria-invalid="true"]'))) {
          problems.push(`エラー: 「${text(list).slice(0, 30)}」の項目に aria-invalid="true" がない`);
        }
      }
      const groups = new Map();
      for (const el of document.querySelectorAll("input[type=radio], input[type=checkbox]")) {
        if (!visible(el) || !el.name) continue;
        const key = `${el.form ? [...document.forms].indexOf(el.form) : -1}/${el.name}`;
        groups.set(key, [...(groups.get(key) || []), el]);
      }
      for (const [key, members] of groups) {
        if (members.length < 2) continue;
        const grouped = members.every((el) => {
          const fieldset = el.closest("fieldset");
          const legend = fieldset?.querySelector(":scope > legend");
          return (fieldset && text(legend)) ||
            el.closest('[role=group][aria-labelledby], [role=radiogroup][aria-labelledby]');
        });
        if (!grouped) problems.push(`グループ: ${describe(members[0])} ほか ${members.length} 個の選択肢が fieldset/legend にない`);
      }
      return problems;
    },
    focus(minContrast) {
      const parse = (color) => {
        const m = color.match(/rgba?\(([\d.]+)[, ]+([\d.]+)[, ]+([\d.]+)(?:[,/ ]+([\d.]+%?))?/);
        if (!m) return null;
        const alpha = m[4] === undefined ? 1 : m[4].endsWith("%") ? parseFloat(m[4]) / 100 : +m[4];
        return [+m[1], +m[2], +m[3], alpha];
      };
      const luminance = ([r, g, b]) => {
        const c = [r, g, b].map((v) => {
          v /= 255;
          return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
      };
      const contrast = (a, b) => {
        const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
        return (x + 0.05) / (y + 0.05);
      };
      const backgroundAround = (el) => {
        for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
          const bg = parse(getComputedStyle(node).backgroundColor);
          if (bg && bg[3] > 0.5) return bg;
        }
        return [255, 255, 255, 1];
      };
      const problems = [];
      const selector = "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex='0']";
      const focusable = [...document.querySelectorAll(selector)]
        .filter((el) => visible(el) && !el.disabled && !el.closest("dialog:not([open]), [inert]"));
      for (const el of focusable) {
        el.focus();
        if (document.activeElement !== el) continue;
        const style = getComputedStyle(el);
        const width = parseFloat(style.outlineWidth) || 0;
        if (style.outlineStyle === "none" || width < 2) {
          problems.push(`フォーカス: ${describe(el)} にフォーカスしても枠線が見えない（outline: ${style.outlineStyle} ${style.outlineWidth}）`);
          continue;
        }
        const ring = parse(style.outlineColor);
        const around = backgroundAround(el.parentElement);
        const ratio = ring ? contrast(ring, around) : 0;
        if (ratio < minContrast) {
          problems.push(`フォーカス: ${describe(el)} の枠線の色 ${style.outlineColor} と背景 rgb(${around.slice(0, 3)}) のコントラストが ${ratio.toFixed(2)}:1`);
        }
      }
      document.activeElement?.blur();
      return problems;
    },
    targets(size) {
      const selector = [
        "header a", "header button", "nav a", "nav button",
        "main form button", "main form input[type=submit]", "main a.button", "main button",
        "main form select", "main form textarea",
        "main form input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=file])",
        "main .choice", "main .checkbox-field",
      ].join(", ");
      const problems = [];
      for (const el of document.querySelectorAll(selector)) {
        if (!visible(el) || el.closest("dialog:not([open])")) continue;
        const box = el.getBoundingClientRect();
        if (box.width < size - 0.5 || box.height < size - 0.5) {
          problems.push(`大きさ: ${describe(el)} が ${Math.round(box.width)}×${Math.round(box.height)} px（${size} px 未満）`);
        }
      }
      return problems;
    },
    layout() {
      const problems = [];
      const root = document.documentElement;
      if (root.scrollWidth > root.clientWidth) {
        const wide = [...document.querySelectorAll("body *")].filter((el) => {
          const box = el.getBoundingClientRect();
          return visible(el) && box.right > root.clientWidth + 1 &&
            !el.parentElement.closest("table, pre");
        }).slice(0, 5).map(describe);
        problems.push(`横スクロール: ページの幅 ${root.scrollWidth} px > 画面 ${root.clientWidth} px（はみ出し: ${wide.join(", ")}）`);
      }
      for (const table of document.querySelectorAll("main table")) {
        if (!visible(table)) continue;
        let box = table.parentElement;
        while (box && box !== document.body && !["auto", "scroll"].includes(getComputedStyle(box).overflowX)) {
          box = box.parentElement;
        }
        const scrolls = box && box !== document.body;
        if (!scrolls && table.getBoundingClientRect().right > root.clientWidth + 1) {
          problems.push(`表: ${describe(table)} が画面からはみ出し、自分の枠でスクロールしない`);
        }
      }
      return problems;
    },
  };
})()
