/* Local storefront preview: a theme-like script (custom elements for the header, drawers,
   sliders, product form, cart and search; a little start-up work), deferred as themes load it. */
(function () {
  "use strict";
  var theme = (window.theme = window.theme || {});
  theme.strings = { addToCart: "Add to cart", soldOut: "Sold out", unavailable: "Unavailable" };
  theme.debounce = function (fn, wait) { var t; return function (...args) { clearTimeout(t); t = setTimeout(() => fn.apply(this, args), wait); }; };
  theme.fetchConfig = function (type) { return { method: "POST", headers: { "Content-Type": "application/json", Accept: "application/" + (type || "json") } }; };
  theme.trapFocus = function (container, elementToFocus) {
    var els = Array.prototype.slice.call(container.querySelectorAll("summary, a[href], button:enabled, [tabindex]:not([tabindex^='-']), [draggable], area, input:not([type=hidden]):enabled, select:enabled, textarea:enabled, object, iframe"));
    var first = els[0], last = els[els.length - 1];
    theme.removeTrapFocus();
    theme._trap = function (event) { if (event.code !== "Tab") return; if (event.target === last && !event.shiftKey) { event.preventDefault(); first.focus(); } if (event.target === first && event.shiftKey) { event.preventDefault(); last.focus(); } };
    document.addEventListener("keydown", theme._trap);
    (elementToFocus || container).focus();
  };
  theme.removeTrapFocus = function () { if (theme._trap) document.removeEventListener("keydown", theme._trap); theme._trap = null; };
  theme.pubsub = (function () { var subs = {}; return { on: function (e, f) { (subs[e] = subs[e] || []).push(f); return function () { subs[e] = subs[e].filter(function (x) { return x !== f; }); }; }, emit: function (e, d) { (subs[e] || []).forEach(function (f) { f(d); }); } }; })();
})();
(function () {
  if (customElements.get("header-drawer")) return;
  class HeaderDrawer extends HTMLElement {
    constructor() {
      super();
      this.state = { open: false, index: 0, busy: false, items: [] };
      this.onKeyUp = this.onKeyUp.bind(this);
      this.onResize = window.theme.debounce(this.onResize.bind(this), 50);
    }
    connectedCallback() {
      this.items = Array.prototype.slice.call(this.querySelectorAll("[data-item], li, .header-drawer__item"));
      this.buttons = Array.prototype.slice.call(this.querySelectorAll("button, [role=button]"));
      this.buttons.forEach((b) => b.addEventListener("click", this.onButtonClick.bind(this)));
      this.addEventListener("keyup", this.onKeyUp);
      window.addEventListener("resize", this.onResize);
      this.unsubscribe = window.theme.pubsub.on("header-drawer:update", (data) => this.render(data));
      this.setAttribute("data-ready", "");
    }
    disconnectedCallback() {
      window.removeEventListener("resize", this.onResize);
      if (this.unsubscribe) this.unsubscribe();
    }
    onButtonClick(event) {
      event.preventDefault();
      this.state.open = !this.state.open;
      this.toggleAttribute("open", this.state.open);
      if (this.state.open) window.theme.trapFocus(this); else window.theme.removeTrapFocus();
      window.theme.pubsub.emit("header-drawer:toggle", { open: this.state.open });
    }
    onKeyUp(event) {
      if (event.code === "Escape" && this.state.open) { this.state.open = false; this.removeAttribute("open"); window.theme.removeTrapFocus(); }
      if (event.code === "ArrowRight") this.go(this.state.index + 1);
      if (event.code === "ArrowLeft") this.go(this.state.index - 1);
    }
    go(index) {
      if (!this.items.length) return;
      this.state.index = (index + this.items.length) % this.items.length;
      this.items.forEach((item, n) => item.toggleAttribute("aria-current", n === this.state.index));
    }
    onResize() {
      var rect = this.getBoundingClientRect();
      this.style.setProperty("--header-drawer-width", Math.round(rect.width) + "px");
    }
    render(data) {
      if (!data || !data.html) return;
      var doc = new DOMParser().parseFromString(data.html, "text/html");
      var next = doc.querySelector("header-drawer");
      if (next) this.innerHTML = next.innerHTML;
    }
    async refresh(url) {
      if (this.state.busy) return;
      this.state.busy = true;
      try {
        var res = await fetch(url || location.pathname + "?section_id=header-drawer", { headers: { Accept: "text/html" } });
        this.render({ html: await res.text() });
      } catch (e) {
        console.warn("header-drawer: refresh failed", e);
      } finally {
        this.state.busy = false;
      }
    }
  }
  customElements.define("header-drawer", HeaderDrawer);
})();
(function () {
  if (customElements.get("menu-drawer")) return;
  class MenuDrawer extends HTMLElement {
    constructor() {
      super();
      this.state = { open: false, index: 0, busy: false, items: [] };
      this.onKeyUp = this.onKeyUp.bind(this);
      this.onResize = window.theme.debounce(this.onResize.bind(this), 57);
    }
    connectedCallback() {
      this.items = Array.prototype.slice.call(this.querySelectorAll("[data-item], li, .menu-drawer__item"));
      this.buttons = Array.prototype.slice.call(this.querySelectorAll("button, [role=button]"));
      this.buttons.forEach((b) => b.addEventListener("click", this.onButtonClick.bind(this)));
      this.addEventListener("keyup", this.onKeyUp);
      window.addEventListener("resize", this.onResize);
      this.unsubscribe = window.theme.pubsub.on("menu-drawer:update", (data) => this.render(data));
      this.setAttribute("data-ready", "");
    }
    disconnectedCallback() {
      window.removeEventListener("resize", this.onResize);
      if (this.unsubscribe) this.unsubscribe();
    }
    onButtonClick(event) {
      event.preventDefault();
      this.state.open = !this.state.open;
      this.toggleAttribute("open", this.state.open);
      if (this.state.open) window.theme.trapFocus(this); else window.theme.removeTrapFocus();
      window.theme.pubsub.emit("menu-drawer:toggle", { open: this.state.open });
    }
    onKeyUp(event) {
      if (event.code === "Escape" && this.state.open) { this.state.open = false; this.removeAttribute("open"); window.theme.removeTrapFocus(); }
      if (event.code === "ArrowRight") this.go(this.state.index + 1);
      if (event.code === "ArrowLeft") this.go(this.state.index - 1);
    }
    go(index) {
      if (!this.items.length) return;
      this.state.index = (index + this.items.length) % this.items.length;
      this.items.forEach((item, n) => item.toggleAttribute("aria-current", n === this.state.index));
    }
    onResize() {
      var rect = this.getBoundingClientRect();
      this.style.setProperty("--menu-drawer-width", Math.round(rect.width) + "px");
    }
    render(data) {
      if (!data || !data.html) return;
      var doc = new DOMParser().parseFromString(data.html, "text/html");
      var next = doc.querySelector("menu-drawer");
      if (next) this.innerHTML = next.innerHTML;
    }
    async refresh(url) {
      if (this.state.busy) return;
      this.state.busy = true;
      try {
        var res = await fetch(url || location.pathname + "?section_id=menu-drawer", { headers: { Accept: "text/html" } });
        this.render({ html: await res.text() });
      } catch (e) {
        console.warn("menu-drawer: refresh failed", e);
      } finally {
        this.state.busy = false;
      }
    }
  }
  customElements.define("menu-drawer", MenuDrawer);
})();
(function () {
  if (customElements.get("details-disclosure")) return;
  class DetailsDisclosure extends HTMLElement {
    constructor() {
      super();
      this.state = { open: false, index: 0, busy: false, items: [] };
      this.onKeyUp = this.onKeyUp.bind(this);
      this.onResize = window.theme.debounce(this.onResize.bind(this), 64);
    }
    connectedCallback() {
      this.items = Array.prototype.slice.call(this.querySelectorAll("[data-item], li, .details-disclosure__item"));
      this.buttons = Array.prototype.slice.call(this.querySelectorAll("button, [role=button]"));
      this.buttons.forEach((b) => b.addEventListener("click", this.onButtonClick.bind(this)));
      this.addEventListener("keyup", this.onKeyUp);
      window.addEventListener("resize", this.onResize);
      this.unsubscribe = window.theme.pubsub.on("details-disclosure:update", (data) => this.render(data));
      this.setAttribute("data-ready", "");
    }
    disconnectedCallback() {
      window.removeEventListener("resize", this.onResize);
      if (this.unsubscribe) this.unsubscribe();
    }
    onButtonClick(event) {
      event.preventDefault();
      this.state.open = !this.state.open;
      this.toggleAttribute("open", this.state.open);
      if (this.state.open) window.theme.trapFocus(this); else window.theme.removeTrapFocus();
      window.theme.pubsub.emit("details-disclosure:toggle", { open: this.state.open });
    }
    onKeyUp(event) {
      if (event.code === "Escape" && this.state.open) { this.state.open = false; this.removeAttribute("open"); window.theme.removeTrapFocus(); }
      if (event.code === "ArrowRight") this.go(this.state.index + 1);
      if (event.code === "ArrowLeft") this.go(this.state.index - 1);
    }
    go(index) {
      if (!this.items.length) return;
      this.state.index = (index + this.items.length) % this.items.length;
      this.items.forEach((item, n) => item.toggleAttribute("aria-current", n === this.state.index));
    }
    onResize() {
      var rect = this.getBoundingClientRect();
      this.style.setProperty("--details-disclosure-width", Math.round(rect.width) + "px");
    }
    render(data) {
      if (!data || !data.html) return;
      var doc = new DOMParser().parseFromString(data.html, "text/html");
      var next = doc.querySelector("details-disclosure");
      if (next) this.innerHTML = next.innerHTML;
    }
    async refresh(url) {
      if (this.state.busy) return;
      this.state.busy = true;
      try {
        var res = await fetch(url || location.pathname + "?section_id=details-disclosure", { headers: { Accept: "text/html" } });
        this.render({ html: await res.text() });
      } catch (e) {
        console.warn("details-disclosure: refresh failed", e);
      } finally {
        this.state.busy = false;
      }
    }
  }
  customElements.define("details-disclosure", DetailsDisclosure);
})();
(function () {
  if (customElements.get("details-modal")) return;
  class DetailsModal extends HTMLElement {
    constructor() {
      super();
      this.state = { open: false, index: 0, busy: false, items: [] };
      this.onKeyUp = this.onKeyUp.bind(this);
      this.onResize = window.theme.debounce(this.onResize.bind(this), 71);
    }
    connectedCallback() {
      this.items = Array.prototype.slice.call(this.querySelectorAll("[data-item], li, .details-modal__item"));
      this.buttons = Array.prototype.slice.call(this.querySelectorAll("button, [role=button]"));
      this.buttons.forEach((b) => b.addEventListener("click", this.onButtonClick.bind(this)));
      this.addEventListener("keyup", this.onKeyUp);
      window.addEventListener("resize", this.onResize);
      this.unsubscribe = window.theme.pubsub.on("details-modal:update", (data) => this.render(data));
      this.setAttribute("data-ready", "");
    }
    disconnectedCallback() {
      window.removeEventListener("resize", this.onResize);
      if (this.unsubscribe) this.unsubscribe();
    }
    onButtonClick(event) {
      event.preventDefault();
      this.state.open = !this.state.open;
      this.toggleAttribute("open", this.state.open);
      if (this.state.open) window.theme.trapFocus(this); else window.theme.removeTrapFocus();
      window.theme.pubsub.emit("details-modal:toggle", { open: this.state.open });
    }
    onKeyUp(event) {
      if (event.code === "Escape" && this.state.open) { this.state.open = false; this.removeAttribute("open"); window.theme.removeTrapFocus(); }
      if (event.code === "ArrowRight") this.go(this.state.index + 1);
      if (event.code === "ArrowLeft") this.go(this.state.index - 1);
    }
    go(index) {
      if (!this.items.length) return;
      this.state.index = (index + this.items.length) % this.items.length;
      this.items.forEach((item, n) => item.toggleAttribute("aria-current", n === this.state.index));
    }
    onResize() {
      var rect = this.getBoundingClientRect();
      this.style.setProperty("--details-modal-width", Math.round(rect.width) + "px");
    }
    render(data) {
      if (!data || !data.html) return;
      var doc = new DOMParser().parseFromString(data.html, "text/html");
      var next = doc.querySelector("details-modal");
      if (next) this.innerHTML = next.innerHTML;
    }
    async refresh(url) {
      if (this.state.busy) return;
      this.state.busy = true;
      try {
        var res = await fetch(url || location.pathname + "?section_id=details-modal", { headers: { Accept: "text/html" } });
        this.render({ html: await res.text() });
      } catch (e) {
        console.warn("details-modal: refresh failed", e);
      } finally {
        this.state.busy = false;
      }
    }
  }
  customElements.define("details-modal", DetailsModal);
})();
(function () {
  if (customElements.get("slideshow-component")) return;
  class SlideshowComponent extends HTMLElement {
    constructor() {
      super();
      this.state = { open: false, index: 0, busy: false, items: [] };
      this.onKeyUp = this.onKeyUp.bind(this);
      this.onResize = window.theme.debounce(this.onResize.bind(this), 78);
    }
    connectedCallback() {
      this.items = Array.prototype.slice.call(this.querySelectorAll("[data-item], li, .slideshow-component__item"));
      this.buttons = Array.prototype.slice.call(this.querySelectorAll("button, [role=button]"));
      this.buttons.forEach((b) => b.addEventListener("click", this.onButtonClick.bind(this)));
      this.addEventListener("keyup", this.onKeyUp);
      window.addEventListener("resize", this.onResize);
      this.unsubscribe = window.theme.pubsub.on("slideshow-component:update", (data) => this.render(data));
      this.setAttribute("data-ready", "");
    }
    disconnectedCallback() {
      window.removeEventListener("resize", this.onResize);
      if (this.unsubscribe) this.unsubscribe();
    }
    onButtonClick(event) {
      event.preventDefault();
      this.state.open = !this.state.open;
      this.toggleAttribute("open", this.state.open);
      if (this.state.open) window.theme.trapFocus(this); else window.theme.removeTrapFocus();
      window.theme.pubsub.emit("slideshow-component:toggle", { open: this.state.open });
    }
    onKeyUp(event) {
      if (event.code === "Escape" && this.state.open) { this.state.open = false; this.removeAttribute("open"); window.theme.removeTrapFocus(); }
      if (event.code === "ArrowRight") this.go(this.state.index + 1);
      if (event.code === "ArrowLeft") this.go(this.state.index - 1);
    }
    go(index) {
      if (!this.items.length) return;
      this.state.index = (index + this.items.length) % this.items.length;
      this.items.forEach((item, n) => item.toggleAttribute("aria-current", n === this.state.index));
    }
    onResize() {
      var rect = this.getBoundingClientRect();
      this.style.setProperty("--slideshow-component-width", Math.round(rect.width) + "px");
    }
    render(data) {
      if (!data || !data.html) return;
      var doc = new DOMParser().parseFromString(data.html, "text/html");
      var next = doc.querySelector("slideshow-component");
      if (next) this.innerHTML = next.innerHTML;
    }
    async refresh(url) {
      if (this.state.busy) return;
      this.state.busy = true;
      try {
        var res = await fetch(url || location.pathname + "?section_id=slideshow-component", { headers: { Accept: "text/html" } });
        this.render({ html: await res.text() });
      } catch (e) {
        console.warn("slideshow-component: refresh failed", e);
      } finally {
        this.state.busy = false;
      }
    }
  }
  customElements.define("slideshow-component", SlideshowComponent);
})();
(function () {
  if (customElements.get("slider-component")) return;
  class SliderComponent extends HTMLElement {
    constructor() {
      super();
      this.state = { open: false, index: 0, busy: false, items: [] };
      this.onKeyUp = this.onKeyUp.bind(this);
      this.onResize = window.theme.debounce(this.onResize.bind(this), 85);
    }
    connectedCallback() {
      this.items = Array.prototype.slice.call(this.querySelectorAll("[data-item], li, .slider-component__item"));
      this.buttons = Array.prototype.slice.call(this.querySelectorAll("button, [role=button]"));
      this.buttons.forEach((b) => b.addEventListener("click", this.onButtonClick.bind(this)));
      this.addEventListener("keyup", this.onKeyUp);
      window.addEventListener("resize", this.onResize);
      this.unsubscribe = window.theme.pubsub.on("slider-component:update", (data) => this.render(data));
      this.setAttribute("data-ready", "");
    }
    disconnectedCallback() {
      window.removeEventListener("resize", this.onResize);
      if (this.unsubscribe) this.unsubscribe();
    }
    onButtonClick(event) {
      event.preventDefault();
      this.state.open = !this.state.open;
      this.toggleAttribute("open", this.state.open);
      if (this.state.open) window.theme.trapFocus(this); else window.theme.removeTrapFocus();
      window.theme.pubsub.emit("slider-component:toggle", { open: this.state.open });
    }
    onKeyUp(event) {
      if (event.code === "Escape" && this.state.open) { this.state.open = false; this.removeAttribute("open"); window.theme.removeTrapFocus(); }
      if (event.code === "ArrowRight") this.go(this.state.index + 1);
      if (event.code === "ArrowLeft") this.go(this.state.index - 1);
    }
    go(index) {
      if (!this.items.length) return;
      this.state.index = (index + this.items.length) % this.items.length;
      this.items.forEach((item, n) => item.toggleAttribute("aria-current", n === this.state.index));
    }
    onResize() {
      var rect = this.getBoundingClientRect();
      this.style.setProperty("--slider-component-width", Math.round(rect.width) + "px");
    }
    render(data) {
      if (!data || !data.html) return;
      var doc = new DOMParser().parseFromString(data.html, "text/html");
      var next = doc.querySelector("slider-component");
      if (next) this.innerHTML = next.innerHTML;
    }
    async refresh(url) {
      if (this.state.busy) return;
      this.state.busy = true;
      try {
        var res = await fetch(url || location.pathname + "?section_id=slider-component", { headers: { Accept: "text/html" } });
        this.render({ html: await res.text() });
      } catch (e) {
        console.warn("slider-component: refresh failed", e);
      } finally {
        this.state.busy = false;
      }
    }
  }
  customElements.define("slider-component", SliderComponent);
})();
(function () {
  if (customElements.get("product-form")) return;
  class ProductForm extends HTMLElement {
    constructor() {
      super();
      this.state = { open: false, index: 0, busy: false, items: [] };
      this.onKeyUp = this.onKeyUp.bind(this);
      this.onResize = window.theme.debounce(this.onResize.bind(this), 92);
    }
    connectedCallback() {
      this.items = Array.prototype.slice.call(this.querySelectorAll("[data-item], li, .product-form__item"));
      this.buttons = Array.prototype.slice.call(this.querySelectorAll("button, [role=button]"));
      this.buttons.forEach((b) => b.addEventListener("click", this.onButtonClick.bind(this)));
      this.addEventListener("keyup", this.onKeyUp);
      window.addEventListener("resize", this.onResize);
      this.unsubscribe = window.theme.pubsub.on("product-form:update", (data) => this.render(data));
      this.setAttribute("data-ready", "");
    }
    disconnectedCallback() {
      window.removeEventListener("resize", this.onResize);
      if (this.unsubscribe) this.unsubscribe();
    }
    onButtonClick(event) {
      event.preventDefault();
      this.state.open = !this.state.open;
      this.toggleAttribute("open", this.state.open);
      if (this.state.open) window.theme.trapFocus(this); else window.theme.removeTrapFocus();
      window.theme.pubsub.emit("product-form:toggle", { open: this.state.open });
    }
    onKeyUp(event) {
      if (event.code === "Escape" && this.state.open) { this.state.open = false; this.removeAttribute("open"); window.theme.removeTrapFocus(); }
      if (event.code === "ArrowRight") this.go(this.state.index + 1);
      if (event.code === "ArrowLeft") this.go(this.state.index - 1);
    }
    go(index) {
      if (!this.items.length) return;
      this.state.index = (index + this.items.length) % this.items.length;
      this.items.forEach((item, n) => item.toggleAttribute("aria-current", n === this.state.index));
    }
    onResize() {
      var rect = this.getBoundingClientRect();
      this.style.setProperty("--product-form-width", Math.round(rect.width) + "px");
    }
    render(data) {
      if (!data || !data.html) return;
      var doc = new DOMParser().parseFromString(data.html, "text/html");
      var next = doc.querySelector("product-form");
      if (next) this.innerHTML = next.innerHTML;
    }
    async refresh(url) {
      if (this.state.busy) return;
      this.state.busy = true;
      try {
        var res = await fetch(url || location.pathname + "?section_id=product-form", { headers: { Accept: "text/html" } });
        this.render({ html: await res.text() });
      } catch (e) {
        console.warn("product-form: refresh failed", e);
      } finally {
        this.state.busy = false;
      }
    }
  }
  customElements.define("product-form", ProductForm);
})();
(function () {
  if (customElements.get("product-info")) return;
  class ProductInfo extends HTMLElement {
    constructor() {
      super();
      this.state = { open: false, index: 0, busy: false, items: [] };
      this.onKeyUp = this.onKeyUp.bind(this);
      this.onResize = window.theme.debounce(this.onResize.bind(this), 99);
    }
    connectedCallback() {
      this.items = Array.prototype.slice.call(this.querySelectorAll("[data-item], li, .product-info__item"));
      this.buttons = Array.prototype.slice.call(this.querySelectorAll("button, [role=button]"));
      this.buttons.forEach((b) => b.addEventListener("click", this.onButtonClick.bind(this)));
      this.addEventListener("keyup", this.onKeyUp);
      window.addEventListener("resize", this.onResize);
      this.unsubscribe = window.theme.pubsub.on("product-info:update", (data) => this.render(data));
      this.setAttribute("data-ready", "");
    }
    disconnectedCallback() {
      window.removeEventListener("resize", this.onResize);
      if (this.unsubscribe) this.unsubscribe();
    }
    onButtonClick(event) {
      event.preventDefault();
      this.state.open = !this.state.open;
      this.toggleAttribute("open", this.state.open);
      if (this.state.open) window.theme.trapFocus(this); else window.theme.removeTrapFocus();
      window.theme.pubsub.emit("product-info:toggle", { open: this.state.open });
    }
    onKeyUp(event) {
      if (event.code === "Escape" && this.state.open) { this.state.open = false; this.removeAttribute("open"); window.theme.removeTrapFocus(); }
      if (event.code === "ArrowRight") this.go(this.state.index + 1);
      if (event.code === "ArrowLeft") this.go(this.state.index - 1);
    }
    go(index) {
      if (!this.items.length) return;
      this.state.index = (index + this.items.length) % this.items.length;
      this.items.forEach((item, n) => item.toggleAttribute("aria-current", n === this.state.index));
    }
    onResize() {
      var rect = this.getBoundingClientRect();
      this.style.setProperty("--product-info-width", Math.round(rect.width) + "px");
    }
    render(data) {
      if (!data || !data.html) return;
      var doc = new DOMParser().parseFromString(data.html, "text/html");
      var next = doc.querySelector("product-info");
      if (next) this.innerHTML = next.innerHTML;
    }
    async refresh(url) {
      if (this.state.busy) return;
      this.state.busy = true;
      try {
        var res = await fetch(url || location.pathname + "?section_id=product-info", { headers: { Accept: "text/html" } });
        this.render({ html: await res.text() });
      } catch (e) {
        console.warn("product-info: refresh failed", e);
      } finally {
        this.state.busy = false;
      }
    }
  }
  customElements.define("product-info", ProductInfo);
})();
(function () {
  if (customElements.get("variant-selects")) return;
  class VariantSelects extends HTMLElement {
    constructor() {
      super();
      this.state = { open: false, index: 0, busy: false, items: [] };
      this.onKeyUp = this.onKeyUp.bind(this);
      this.onResize = window.theme.debounce(this.onResize.bind(this), 106);
    }
    connectedCallback() {
      this.items = Array.prototype.slice.call(this.querySelectorAll("[data-item], li, .variant-selects__item"));
      this.buttons = Array.prototype.slice.call(this.querySelectorAll("button, [role=button]"));
      this.buttons.forEach((b) => b.addEventListener("click", this.onButtonClick.bind(this)));
      this.addEventListener("keyup", this.onKeyUp);
      window.addEventListener("resize", this.onResize);
      this.unsubscribe = window.theme.pubsub.on("variant-selects:update", (data) => this.render(data));
      this.setAttribute("data-ready", "");
    }
    disconnectedCallback() {
      window.removeEventListener("resize", this.onResize);
      if (this.unsubscribe) this.unsubscribe();
    }
    onButtonClick(event) {
      event.preventDefault();
      this.state.open = !this.state.open;
      this.toggleAttribute("open", this.state.open);
      if (this.state.open) window.theme.trapFocus(this); else window.theme.removeTrapFocus();
      window.theme.pubsub.emit("variant-selects:toggle", { open: this.state.open });
    }
    onKeyUp(event) {
      if (event.code === "Escape" && this.state.open) { this.state.open = false; this.removeAttribute("open"); window.theme.removeTrapFocus(); }
      if (event.code === "ArrowRight") this.go(this.state.index + 1);
      if (event.code === "ArrowLeft") this.go(this.state.index - 1);
    }
    go(index) {
      if (!this.items.length) return;
      this.state.index = (index + this.items.length) % this.items.length;
      this.items.forEach((item, n) => item.toggleAttribute("aria-current", n === this.state.index));
    }
    onResize() {
      var rect = this.getBoundingClientRect();
      this.style.setProperty("--variant-selects-width", Math.round(rect.width) + "px");
    }
    render(data) {
      if (!data || !data.html) return;
      var doc = new DOMParser().parseFromString(data.html, "text/html");
      var next = doc.querySelector("variant-selects");
      if (next) this.innerHTML = next.innerHTML;
    }
    async refresh(url) {
      if (this.state.busy) return;
      this.state.busy = true;
      try {
        var res = await fetch(url || location.pathname + "?section_id=variant-selects", { headers: { Accept: "text/html" } });
        this.render({ html: await res.text() });
      } catch (e) {
        console.warn("variant-selects: refresh failed", e);
      } finally {
        this.state.busy = false;
      }
    }
  }
  customElements.define("variant-selects", VariantSelects);
})();
(function () {
  if (customElements.get("quantity-input")) return;
  class QuantityInput extends HTMLElement {
    constructor() {
      super();
      this.state = { open: false, index: 0, busy: false, items: [] };
      this.onKeyUp = this.onKeyUp.bind(this);
      this.onResize = window.theme.debounce(this.onResize.bind(this), 113);
    }
    connectedCallback() {
      this.items = Array.prototype.slice.call(this.querySelectorAll("[data-item], li, .quantity-input__item"));
      this.buttons = Array.prototype.slice.call(this.querySelectorAll("button, [role=button]"));
      this.buttons.forEach((b) => b.addEventListener("click", this.onButtonClick.bind(this)));
      this.addEventListener("keyup", this.onKeyUp);
      window.addEventListener("resize", this.onResize);
      this.unsubscribe = window.theme.pubsub.on("quantity-input:update", (data) => this.render(data));
      this.setAttribute("data-ready", "");
    }
    disconnectedCallback() {
      window.removeEventListener("resize", this.onResize);
      if (this.unsubscribe) this.unsubscribe();
    }
    onButtonClick(event) {
      event.preventDefault();
      this.state.open = !this.state.open;
      this.toggleAttribute("open", this.state.open);
      if (this.state.open) window.theme.trapFocus(this); else window.theme.removeTrapFocus();
      window.theme.pubsub.emit("quantity-input:toggle", { open: this.state.open });
    }
    onKeyUp(event) {
      if (event.code === "Escape" && this.state.open) { this.state.open = false; this.removeAttribute("open"); window.theme.removeTrapFocus(); }
      if (event.code === "ArrowRight") this.go(this.state.index + 1);
      if (event.code === "ArrowLeft") this.go(this.state.index - 1);
    }
    go(index) {
      if (!this.items.length) return;
      this.state.index = (index + this.items.length) % this.items.length;
      this.items.forEach((item, n) => item.toggleAttribute("aria-current", n === this.state.index));
    }
    onResize() {
      var rect = this.getBoundingClientRect();
      this.style.setProperty("--quantity-input-width", Math.round(rect.width) + "px");
    }
    render(data) {
      if (!data || !data.html) return;
      var doc = new DOMParser().parseFromString(data.html, "text/html");
      var next = doc.querySelector("quantity-input");
      if (next) this.innerHTML = next.innerHTML;
    }
    async refresh(url) {
      if (this.state.busy) return;
      this.state.busy = true;
      try {
        var res = await fetch(url || location.pathname + "?section_id=quantity-input", { headers: { Accept: "text/html" } });
        this.render({ html: await res.text() });
      } catch (e) {
        console.warn("quantity-input: refresh failed", e);
      } finally {
        this.state.busy = false;
      }
    }
  }
  customElements.define("quantity-input", QuantityInput);
})();
(function () {
  if (customElements.get("cart-drawer")) return;
  class CartDrawer extends HTMLElement {
    constructor() {
      super();
      this.state = { open: false, index: 0, busy: false, items: [] };
      this.onKeyUp = this.onKeyUp.bind(this);
      this.onResize = window.theme.debounce(this.onResize.bind(this), 120);
    }
    connectedCallback() {
      this.items = Array.prototype.slice.call(this.querySelectorAll("[data-item], li, .cart-drawer__item"));
      this.buttons = Array.prototype.slice.call(this.querySelectorAll("button, [role=button]"));
      this.buttons.forEach((b) => b.addEventListener("click", this.onButtonClick.bind(this)));
      this.addEventListener("keyup", this.onKeyUp);
      window.addEventListener("resize", this.onResize);
      this.unsubscribe = window.theme.pubsub.on("cart-drawer:update", (data) => this.render(data));
      this.setAttribute("data-ready", "");
    }
    disconnectedCallback() {
      window.removeEventListener("resize", this.onResize);
      if (this.unsubscribe) this.unsubscribe();
    }
    onButtonClick(event) {
      event.preventDefault();
      this.state.open = !this.state.open;
      this.toggleAttribute("open", this.state.open);
      if (this.state.open) window.theme.trapFocus(this); else window.theme.removeTrapFocus();
      window.theme.pubsub.emit("cart-drawer:toggle", { open: this.state.open });
    }
    onKeyUp(event) {
      if (event.code === "Escape" && this.state.open) { this.state.open = false; this.removeAttribute("open"); window.theme.removeTrapFocus(); }
      if (event.code === "ArrowRight") this.go(this.state.index + 1);
      if (event.code === "ArrowLeft") this.go(this.state.index - 1);
    }
    go(index) {
      if (!this.items.length) return;
      this.state.index = (index + this.items.length) % this.items.length;
      this.items.forEach((item, n) => item.toggleAttribute("aria-current", n === this.state.index));
    }
    onResize() {
      var rect = this.getBoundingClientRect();
      this.style.setProperty("--cart-drawer-width", Math.round(rect.width) + "px");
    }
    render(data) {
      if (!data || !data.html) return;
      var doc = new DOMParser().parseFromString(data.html, "text/html");
      var next = doc.querySelector("cart-drawer");
      if (next) this.innerHTML = next.innerHTML;
    }
    async refresh(url) {
      if (this.state.busy) return;
      this.state.busy = true;
      try {
        var res = await fetch(url || location.pathname + "?section_id=cart-drawer", { headers: { Accept: "text/html" } });
        this.render({ html: await res.text() });
      } catch (e) {
        console.warn("cart-drawer: refresh failed", e);
      } finally {
        this.state.busy = false;
      }
    }
  }
  customElements.define("cart-drawer", CartDrawer);
})();
(function () {
  if (customElements.get("cart-items")) return;
  class CartItems extends HTMLElement {
    constructor() {
      super();
      this.state = { open: false, index: 0, busy: false, items: [] };
      this.onKeyUp = this.onKeyUp.bind(this);
      this.onResize = window.theme.debounce(this.onResize.bind(this), 127);
    }
    connectedCallback() {
      this.items = Array.prototype.slice.call(this.querySelectorAll("[data-item], li, .cart-items__item"));
      this.buttons = Array.prototype.slice.call(this.querySelectorAll("button, [role=button]"));
      this.buttons.forEach((b) => b.addEventListener("click", this.onButtonClick.bind(this)));
      this.addEventListener("keyup", this.onKeyUp);
      window.addEventListener("resize", this.onResize);
      this.unsubscribe = window.theme.pubsub.on("cart-items:update", (data) => this.render(data));
      this.setAttribute("data-ready", "");
    }
    disconnectedCallback() {
      window.removeEventListener("resize", this.onResize);
      if (this.unsubscribe) this.unsubscribe();
    }
    onButtonClick(event) {
      event.preventDefault();
      this.state.open = !this.state.open;
      this.toggleAttribute("open", this.state.open);
      if (this.state.open) window.theme.trapFocus(this); else window.theme.removeTrapFocus();
      window.theme.pubsub.emit("cart-items:toggle", { open: this.state.open });
    }
    onKeyUp(event) {
      if (event.code === "Escape" && this.state.open) { this.state.open = false; this.removeAttribute("open"); window.theme.removeTrapFocus(); }
      if (event.code === "ArrowRight") this.go(this.state.index + 1);
      if (event.code === "ArrowLeft") this.go(this.state.index - 1);
    }
    go(index) {
      if (!this.items.length) return;
      this.state.index = (index + this.items.length) % this.items.length;
      this.items.forEach((item, n) => item.toggleAttribute("aria-current", n === this.state.index));
    }
    onResize() {
      var rect = this.getBoundingClientRect();
      this.style.setProperty("--cart-items-width", Math.round(rect.width) + "px");
    }
    render(data) {
      if (!data || !data.html) return;
      var doc = new DOMParser().parseFromString(data.html, "text/html");
      var next = doc.querySelector("cart-items");
      if (next) this.innerHTML = next.innerHTML;
    }
    async refresh(url) {
      if (this.state.busy) return;
      this.state.busy = true;
      try {
        var res = await fetch(url || location.pathname + "?section_id=cart-items", { headers: { Accept: "text/html" } });
        this.render({ html: await res.text() });
      } catch (e) {
        console.warn("cart-items: refresh failed", e);
      } finally {
        this.state.busy = false;
      }
    }
  }
  customElements.define("cart-items", CartItems);
})();
(function () {
  if (customElements.get("cart-notification")) return;
  class CartNotification extends HTMLElement {
    constructor() {
      super();
      this.state = { open: false, index: 0, busy: false, items: [] };
      this.onKeyUp = this.onKeyUp.bind(this);
      this.onResize = window.theme.debounce(this.onResize.bind(this), 134);
    }
    connectedCallback() {
      this.items = Array.prototype.slice.call(this.querySelectorAll("[data-item], li, .cart-notification__item"));
      this.buttons = Array.prototype.slice.call(this.querySelectorAll("button, [role=button]"));
      this.buttons.forEach((b) => b.addEventListener("click", this.onButtonClick.bind(this)));
      this.addEventListener("keyup", this.onKeyUp);
      window.addEventListener("resize", this.onResize);
      this.unsubscribe = window.theme.pubsub.on("cart-notification:update", (data) => this.render(data));
      this.setAttribute("data-ready", "");
    }
    disconnectedCallback() {
      window.removeEventListener("resize", this.onResize);
      if (this.unsubscribe) this.unsubscribe();
    }
    onButtonClick(event) {
      event.preventDefault();
      this.state.open = !this.state.open;
      this.toggleAttribute("open", this.state.open);
      if (this.state.open) window.theme.trapFocus(this); else window.theme.removeTrapFocus();
      window.theme.pubsub.emit("cart-notification:toggle", { open: this.state.open });
    }
    onKeyUp(event) {
      if (event.code === "Escape" && this.state.open) { this.state.open = false; this.removeAttribute("open"); window.theme.removeTrapFocus(); }
      if (event.code === "ArrowRight") this.go(this.state.index + 1);
      if (event.code === "ArrowLeft") this.go(this.state.index - 1);
    }
    go(index) {
      if (!this.items.length) return;
      this.state.index = (index + this.items.length) % this.items.length;
      this.items.forEach((item, n) => item.toggleAttribute("aria-current", n === this.state.index));
    }
    onResize() {
      var rect = this.getBoundingClientRect();
      this.style.setProperty("--cart-notification-width", Math.round(rect.width) + "px");
    }
    render(data) {
      if (!data || !data.html) return;
      var doc = new DOMParser().parseFromString(data.html, "text/html");
      var next = doc.querySelector("cart-notification");
      if (next) this.innerHTML = next.innerHTML;
    }
    async refresh(url) {
      if (this.state.busy) return;
      this.state.busy = true;
      try {
        var res = await fetch(url || location.pathname + "?section_id=cart-notification", { headers: { Accept: "text/html" } });
        this.render({ html: await res.text() });
      } catch (e) {
        console.warn("cart-notification: refresh failed", e);
      } finally {
        this.state.busy = false;
      }
    }
  }
  customElements.define("cart-notification", CartNotification);
})();
(function () {
  if (customElements.get("predictive-search")) return;
  class PredictiveSearch extends HTMLElement {
    constructor() {
      super();
      this.state = { open: false, index: 0, busy: false, items: [] };
      this.onKeyUp = this.onKeyUp.bind(this);
      this.onResize = window.theme.debounce(this.onResize.bind(this), 141);
    }
    connectedCallback() {
      this.items = Array.prototype.slice.call(this.querySelectorAll("[data-item], li, .predictive-search__item"));
      this.buttons = Array.prototype.slice.call(this.querySelectorAll("button, [role=button]"));
      this.buttons.forEach((b) => b.addEventListener("click", this.onButtonClick.bind(this)));
      this.addEventListener("keyup", this.onKeyUp);
      window.addEventListener("resize", this.onResize);
      this.unsubscribe = window.theme.pubsub.on("predictive-search:update", (data) => this.render(data));
      this.setAttribute("data-ready", "");
    }
    disconnectedCallback() {
      window.removeEventListener("resize", this.onResize);
      if (this.unsubscribe) this.unsubscribe();
    }
    onButtonClick(event) {
      event.preventDefault();
      this.state.open = !this.state.open;
      this.toggleAttribute("open", this.state.open);
      if (this.state.open) window.theme.trapFocus(this); else window.theme.removeTrapFocus();
      window.theme.pubsub.emit("predictive-search:toggle", { open: this.state.open });
    }
    onKeyUp(event) {
      if (event.code === "Escape" && this.state.open) { this.state.open = false; this.removeAttribute("open"); window.theme.removeTrapFocus(); }
      if (event.code === "ArrowRight") this.go(this.state.index + 1);
      if (event.code === "ArrowLeft") this.go(this.state.index - 1);
    }
    go(index) {
      if (!this.items.length) return;
      this.state.index = (index + this.items.length) % this.items.length;
      this.items.forEach((item, n) => item.toggleAttribute("aria-current", n === this.state.index));
    }
    onResize() {
      var rect = this.getBoundingClientRect();
      this.style.setProperty("--predictive-search-width", Math.round(rect.width) + "px");
    }
    render(data) {
      if (!data || !data.html) return;
      var doc = new DOMParser().parseFromString(data.html, "text/html");
      var next = doc.querySelector("predictive-search");
      if (next) this.innerHTML = next.innerHTML;
    }
    async refresh(url) {
      if (this.state.busy) return;
      this.state.busy = true;
      try {
        var res = await fetch(url || location.pathname + "?section_id=predictive-search", { headers: { Accept: "text/html" } });
        this.render({ html: await res.text() });
      } catch (e) {
        console.warn("predictive-search: refresh failed", e);
      } finally {
        this.state.busy = false;
      }
    }
  }
  customElements.define("predictive-search", PredictiveSearch);
})();
(function () {
  if (customElements.get("localization-form")) return;
  class LocalizationForm extends HTMLElement {
    constructor() {
      super();
      this.state = { open: false, index: 0, busy: false, items: [] };
      this.onKeyUp = this.onKeyUp.bind(this);
      this.onResize = window.theme.debounce(this.onResize.bind(this), 148);
    }
    connectedCallback() {
      this.items = Array.prototype.slice.call(this.querySelectorAll("[data-item], li, .localization-form__item"));
      this.buttons = Array.prototype.slice.call(this.querySelectorAll("button, [role=button]"));
      this.buttons.forEach((b) => b.addEventListener("click", this.onButtonClick.bind(this)));
      this.addEventListener("keyup", this.onKeyUp);
      window.addEventListener("resize", this.onResize);
      this.unsubscribe = window.theme.pubsub.on("localization-form:update", (data) => this.render(data));
      this.setAttribute("data-ready", "");
    }
    disconnectedCallback() {
      window.removeEventListener("resize", this.onResize);
      if (this.unsubscribe) this.unsubscribe();
    }
    onButtonClick(event) {
      event.preventDefault();
      this.state.open = !this.state.open;
      this.toggleAttribute("open", this.state.open);
      if (this.state.open) window.theme.trapFocus(this); else window.theme.removeTrapFocus();
      window.theme.pubsub.emit("localization-form:toggle", { open: this.state.open });
    }
    onKeyUp(event) {
      if (event.code === "Escape" && this.state.open) { this.state.open = false; this.removeAttribute("open"); window.theme.removeTrapFocus(); }
      if (event.code === "ArrowRight") this.go(this.state.index + 1);
      if (event.code === "ArrowLeft") this.go(this.state.index - 1);
    }
    go(index) {
      if (!this.items.length) return;
      this.state.index = (index + this.items.length) % this.items.length;
      this.items.forEach((item, n) => item.toggleAttribute("aria-current", n === this.state.index));
    }
    onResize() {
      var rect = this.getBoundingClientRect();
      this.style.setProperty("--localization-form-width", Math.round(rect.width) + "px");
    }
    render(data) {
      if (!data || !data.html) return;
      var doc = new DOMParser().parseFromString(data.html, "text/html");
      var next = doc.querySelector("localization-form");
      if (next) this.innerHTML = next.innerHTML;
    }
    async refresh(url) {
      if (this.state.busy) return;
      this.state.busy = true;
      try {
        var res = await fetch(url || location.pathname + "?section_id=localization-form", { headers: { Accept: "text/html" } });
        this.render({ html: await res.text() });
      } catch (e) {
        console.warn("localization-form: refresh failed", e);
      } finally {
        this.state.busy = false;
      }
    }
  }
  customElements.define("localization-form", LocalizationForm);
})();
(function () {
  if (customElements.get("facet-filters-form")) return;
  class FacetFiltersForm extends HTMLElement {
    constructor() {
      super();
      this.state = { open: false, index: 0, busy: false, items: [] };
      this.onKeyUp = this.onKeyUp.bind(this);
      this.onResize = window.theme.debounce(this.onResize.bind(this), 155);
    }
    connectedCallback() {
      this.items = Array.prototype.slice.call(this.querySelectorAll("[data-item], li, .facet-filters-form__item"));
      this.buttons = Array.prototype.slice.call(this.querySelectorAll("button, [role=button]"));
      this.buttons.forEach((b) => b.addEventListener("click", this.onButtonClick.bind(this)));
      this.addEventListener("keyup", this.onKeyUp);
      window.addEventListener("resize", this.onResize);
      this.unsubscribe = window.theme.pubsub.on("facet-filters-form:update", (data) => this.render(data));
      this.setAttribute("data-ready", "");
    }
    disconnectedCallback() {
      window.removeEventListener("resize", this.onResize);
      if (this.unsubscribe) this.unsubscribe();
    }
    onButtonClick(event) {
      event.preventDefault();
      this.state.open = !this.state.open;
      this.toggleAttribute("open", this.state.open);
      if (this.state.open) window.theme.trapFocus(this); else window.theme.removeTrapFocus();
      window.theme.pubsub.emit("facet-filters-form:toggle", { open: this.state.open });
    }
    onKeyUp(event) {
      if (event.code === "Escape" && this.state.open) { this.state.open = false; this.removeAttribute("open"); window.theme.removeTrapFocus(); }
      if (event.code === "ArrowRight") this.go(this.state.index + 1);
      if (event.code === "ArrowLeft") this.go(this.state.index - 1);
    }
    go(index) {
      if (!this.items.length) return;
      this.state.index = (index + this.items.length) % this.items.length;
      this.items.forEach((item, n) => item.toggleAttribute("aria-current", n === this.state.index));
    }
    onResize() {
      var rect = this.getBoundingClientRect();
      this.style.setProperty("--facet-filters-form-width", Math.round(rect.width) + "px");
    }
    render(data) {
      if (!data || !data.html) return;
      var doc = new DOMParser().parseFromString(data.html, "text/html");
      var next = doc.querySelector("facet-filters-form");
      if (next) this.innerHTML = next.innerHTML;
    }
    async refresh(url) {
      if (this.state.busy) return;
      this.state.busy = true;
      try {
        var res = await fetch(url || location.pathname + "?section_id=facet-filters-form", { headers: { Accept: "text/html" } });
        this.render({ html: await res.text() });
      } catch (e) {
        console.warn("facet-filters-form: refresh failed", e);
      } finally {
        this.state.busy = false;
      }
    }
  }
  customElements.define("facet-filters-form", FacetFiltersForm);
})();
(function () {
  if (customElements.get("price-range")) return;
  class PriceRange extends HTMLElement {
    constructor() {
      super();
      this.state = { open: false, index: 0, busy: false, items: [] };
      this.onKeyUp = this.onKeyUp.bind(this);
      this.onResize = window.theme.debounce(this.onResize.bind(this), 162);
    }
    connectedCallback() {
      this.items = Array.prototype.slice.call(this.querySelectorAll("[data-item], li, .price-range__item"));
      this.buttons = Array.prototype.slice.call(this.querySelectorAll("button, [role=button]"));
      this.buttons.forEach((b) => b.addEventListener("click", this.onButtonClick.bind(this)));
      this.addEventListener("keyup", this.onKeyUp);
      window.addEventListener("resize", this.onResize);
      this.unsubscribe = window.theme.pubsub.on("price-range:update", (data) => this.render(data));
      this.setAttribute("data-ready", "");
    }
    disconnectedCallback() {
      window.removeEventListener("resize", this.onResize);
      if (this.unsubscribe) this.unsubscribe();
    }
    onButtonClick(event) {
      event.preventDefault();
      this.state.open = !this.state.open;
      this.toggleAttribute("open", this.state.open);
      if (this.state.open) window.theme.trapFocus(this); else window.theme.removeTrapFocus();
      window.theme.pubsub.emit("price-range:toggle", { open: this.state.open });
    }
    onKeyUp(event) {
      if (event.code === "Escape" && this.state.open) { this.state.open = false; this.removeAttribute("open"); window.theme.removeTrapFocus(); }
      if (event.code === "ArrowRight") this.go(this.state.index + 1);
      if (event.code === "ArrowLeft") this.go(this.state.index - 1);
    }
    go(index) {
      if (!this.items.length) return;
      this.state.index = (index + this.items.length) % this.items.length;
      this.items.forEach((item, n) => item.toggleAttribute("aria-current", n === this.state.index));
    }
    onResize() {
      var rect = this.getBoundingClientRect();
      this.style.setProperty("--price-range-width", Math.round(rect.width) + "px");
    }
    render(data) {
      if (!data || !data.html) return;
      var doc = new DOMParser().parseFromString(data.html, "text/html");
      var next = doc.querySelector("price-range");
      if (next) this.innerHTML = next.innerHTML;
    }
    async refresh(url) {
      if (this.state.busy) return;
      this.state.busy = true;
      try {
        var res = await fetch(url || location.pathname + "?section_id=price-range", { headers: { Accept: "text/html" } });
        this.render({ html: await res.text() });
      } catch (e) {
        console.warn("price-range: refresh failed", e);
      } finally {
        this.state.busy = false;
      }
    }
  }
  customElements.define("price-range", PriceRange);
})();
(function () {
  if (customElements.get("show-more-button")) return;
  class ShowMoreButton extends HTMLElement {
    constructor() {
      super();
      this.state = { open: false, index: 0, busy: false, items: [] };
      this.onKeyUp = this.onKeyUp.bind(this);
      this.onResize = window.theme.debounce(this.onResize.bind(this), 169);
    }
    connectedCallback() {
      this.items = Array.prototype.slice.call(this.querySelectorAll("[data-item], li, .show-more-button__item"));
      this.buttons = Array.prototype.slice.call(this.querySelectorAll("button, [role=button]"));
      this.buttons.forEach((b) => b.addEventListener("click", this.onButtonClick.bind(this)));
      this.addEventListener("keyup", this.onKeyUp);
      window.addEventListener("resize", this.onResize);
      this.unsubscribe = window.theme.pubsub.on("show-more-button:update", (data) => this.render(data));
      this.setAttribute("data-ready", "");
    }
    disconnectedCallback() {
      window.removeEventListener("resize", this.onResize);
      if (this.unsubscribe) this.unsubscribe();
    }
    onButtonClick(event) {
      event.preventDefault();
      this.state.open = !this.state.open;
      this.toggleAttribute("open", this.state.open);
      if (this.state.open) window.theme.trapFocus(this); else window.theme.removeTrapFocus();
      window.theme.pubsub.emit("show-more-button:toggle", { open: this.state.open });
    }
    onKeyUp(event) {
      if (event.code === "Escape" && this.state.open) { this.state.open = false; this.removeAttribute("open"); window.theme.removeTrapFocus(); }
      if (event.code === "ArrowRight") this.go(this.state.index + 1);
      if (event.code === "ArrowLeft") this.go(this.state.index - 1);
    }
    go(index) {
      if (!this.items.length) return;
      this.state.index = (index + this.items.length) % this.items.length;
      this.items.forEach((item, n) => item.toggleAttribute("aria-current", n === this.state.index));
    }
    onResize() {
      var rect = this.getBoundingClientRect();
      this.style.setProperty("--show-more-button-width", Math.round(rect.width) + "px");
    }
    render(data) {
      if (!data || !data.html) return;
      var doc = new DOMParser().parseFromString(data.html, "text/html");
      var next = doc.querySelector("show-more-button");
      if (next) this.innerHTML = next.innerHTML;
    }
    async refresh(url) {
      if (this.state.busy) return;
      this.state.busy = true;
      try {
        var res = await fetch(url || location.pathname + "?section_id=show-more-button", { headers: { Accept: "text/html" } });
        this.render({ html: await res.text() });
      } catch (e) {
        console.warn("show-more-button: refresh failed", e);
      } finally {
        this.state.busy = false;
      }
    }
  }
  customElements.define("show-more-button", ShowMoreButton);
})();
(function () {
  if (customElements.get("product-recommendations")) return;
  class ProductRecommendations extends HTMLElement {
    constructor() {
      super();
      this.state = { open: false, index: 0, busy: false, items: [] };
      this.onKeyUp = this.onKeyUp.bind(this);
      this.onResize = window.theme.debounce(this.onResize.bind(this), 176);
    }
    connectedCallback() {
      this.items = Array.prototype.slice.call(this.querySelectorAll("[data-item], li, .product-recommendations__item"));
      this.buttons = Array.prototype.slice.call(this.querySelectorAll("button, [role=button]"));
      this.buttons.forEach((b) => b.addEventListener("click", this.onButtonClick.bind(this)));
      this.addEventListener("keyup", this.onKeyUp);
      window.addEventListener("resize", this.onResize);
      this.unsubscribe = window.theme.pubsub.on("product-recommendations:update", (data) => this.render(data));
      this.setAttribute("data-ready", "");
    }
    disconnectedCallback() {
      window.removeEventListener("resize", this.onResize);
      if (this.unsubscribe) this.unsubscribe();
    }
    onButtonClick(event) {
      event.preventDefault();
      this.state.open = !this.state.open;
      this.toggleAttribute("open", this.state.open);
      if (this.state.open) window.theme.trapFocus(this); else window.theme.removeTrapFocus();
      window.theme.pubsub.emit("product-recommendations:toggle", { open: this.state.open });
    }
    onKeyUp(event) {
      if (event.code === "Escape" && this.state.open) { this.state.open = false; this.removeAttribute("open"); window.theme.removeTrapFocus(); }
      if (event.code === "ArrowRight") this.go(this.state.index + 1);
      if (event.code === "ArrowLeft") this.go(this.state.index - 1);
    }
    go(index) {
      if (!this.items.length) return;
      this.state.index = (index + this.items.length) % this.items.length;
      this.items.forEach((item, n) => item.toggleAttribute("aria-current", n === this.state.index));
    }
    onResize() {
      var rect = this.getBoundingClientRect();
      this.style.setProperty("--product-recommendations-width", Math.round(rect.width) + "px");
    }
    render(data) {
      if (!data || !data.html) return;
      var doc = new DOMParser().parseFromString(data.html, "text/html");
      var next = doc.querySelector("product-recommendations");
      if (next) this.innerHTML = next.innerHTML;
    }
    async refresh(url) {
      if (this.state.busy) return;
      this.state.busy = true;
      try {
        var res = await fetch(url || location.pathname + "?section_id=product-recommendations", { headers: { Accept: "text/html" } });
        this.render({ html: await res.text() });
      } catch (e) {
        console.warn("product-recommendations: refresh failed", e);
      } finally {
        this.state.busy = false;
      }
    }
  }
  customElements.define("product-recommendations", ProductRecommendations);
})();
(function () {
  if (customElements.get("media-gallery")) return;
  class MediaGallery extends HTMLElement {
    constructor() {
      super();
      this.state = { open: false, index: 0, busy: false, items: [] };
      this.onKeyUp = this.onKeyUp.bind(this);
      this.onResize = window.theme.debounce(this.onResize.bind(this), 183);
    }
    connectedCallback() {
      this.items = Array.prototype.slice.call(this.querySelectorAll("[data-item], li, .media-gallery__item"));
      this.buttons = Array.prototype.slice.call(this.querySelectorAll("button, [role=button]"));
      this.buttons.forEach((b) => b.addEventListener("click", this.onButtonClick.bind(this)));
      this.addEventListener("keyup", this.onKeyUp);
      window.addEventListener("resize", this.onResize);
      this.unsubscribe = window.theme.pubsub.on("media-gallery:update", (data) => this.render(data));
      this.setAttribute("data-ready", "");
    }
    disconnectedCallback() {
      window.removeEventListener("resize", this.onResize);
      if (this.unsubscribe) this.unsubscribe();
    }
    onButtonClick(event) {
      event.preventDefault();
      this.state.open = !this.state.open;
      this.toggleAttribute("open", this.state.open);
      if (this.state.open) window.theme.trapFocus(this); else window.theme.removeTrapFocus();
      window.theme.pubsub.emit("media-gallery:toggle", { open: this.state.open });
    }
    onKeyUp(event) {
      if (event.code === "Escape" && this.state.open) { this.state.open = false; this.removeAttribute("open"); window.theme.removeTrapFocus(); }
      if (event.code === "ArrowRight") this.go(this.state.index + 1);
      if (event.code === "ArrowLeft") this.go(this.state.index - 1);
    }
    go(index) {
      if (!this.items.length) return;
      this.state.index = (index + this.items.length) % this.items.length;
      this.items.forEach((item, n) => item.toggleAttribute("aria-current", n === this.state.index));
    }
    onResize() {
      var rect = this.getBoundingClientRect();
      this.style.setProperty("--media-gallery-width", Math.round(rect.width) + "px");
    }
    render(data) {
      if (!data || !data.html) return;
      var doc = new DOMParser().parseFromString(data.html, "text/html");
      var next = doc.querySelector("media-gallery");
      if (next) this.innerHTML = next.innerHTML;
    }
    async refresh(url) {
      if (this.state.busy) return;
      this.state.busy = true;
      try {
        var res = await fetch(url || location.pathname + "?section_id=media-gallery", { headers: { Accept: "text/html" } });
        this.render({ html: await res.text() });
      } catch (e) {
        console.warn("media-gallery: refresh failed", e);
      } finally {
        this.state.busy = false;
      }
    }
  }
  customElements.define("media-gallery", MediaGallery);
})();
(function () {
  if (customElements.get("modal-opener")) return;
  class ModalOpener extends HTMLElement {
    constructor() {
      super();
      this.state = { open: false, index: 0, busy: false, items: [] };
      this.onKeyUp = this.onKeyUp.bind(this);
      this.onResize = window.theme.debounce(this.onResize.bind(this), 190);
    }
    connectedCallback() {
      this.items = Array.prototype.slice.call(this.querySelectorAll("[data-item], li, .modal-opener__item"));
      this.buttons = Array.prototype.slice.call(this.querySelectorAll("button, [role=button]"));
      this.buttons.forEach((b) => b.addEventListener("click", this.onButtonClick.bind(this)));
      this.addEventListener("keyup", this.onKeyUp);
      window.addEventListener("resize", this.onResize);
      this.unsubscribe = window.theme.pubsub.on("modal-opener:update", (data) => this.render(data));
      this.setAttribute("data-ready", "");
    }
    disconnectedCallback() {
      window.removeEventListener("resize", this.onResize);
      if (this.unsubscribe) this.unsubscribe();
    }
    onButtonClick(event) {
      event.preventDefault();
      this.state.open = !this.state.open;
      this.toggleAttribute("open", this.state.open);
      if (this.state.open) window.theme.trapFocus(this); else window.theme.removeTrapFocus();
      window.theme.pubsub.emit("modal-opener:toggle", { open: this.state.open });
    }
    onKeyUp(event) {
      if (event.code === "Escape" && this.state.open) { this.state.open = false; this.removeAttribute("open"); window.theme.removeTrapFocus(); }
      if (event.code === "ArrowRight") this.go(this.state.index + 1);
      if (event.code === "ArrowLeft") this.go(this.state.index - 1);
    }
    go(index) {
      if (!this.items.length) return;
      this.state.index = (index + this.items.length) % this.items.length;
      this.items.forEach((item, n) => item.toggleAttribute("aria-current", n === this.state.index));
    }
    onResize() {
      var rect = this.getBoundingClientRect();
      this.style.setProperty("--modal-opener-width", Math.round(rect.width) + "px");
    }
    render(data) {
      if (!data || !data.html) return;
      var doc = new DOMParser().parseFromString(data.html, "text/html");
      var next = doc.querySelector("modal-opener");
      if (next) this.innerHTML = next.innerHTML;
    }
    async refresh(url) {
      if (this.state.busy) return;
      this.state.busy = true;
      try {
        var res = await fetch(url || location.pathname + "?section_id=modal-opener", { headers: { Accept: "text/html" } });
        this.render({ html: await res.text() });
      } catch (e) {
        console.warn("modal-opener: refresh failed", e);
      } finally {
        this.state.busy = false;
      }
    }
  }
  customElements.define("modal-opener", ModalOpener);
})();
(function () {
  if (customElements.get("deferred-media")) return;
  class DeferredMedia extends HTMLElement {
    constructor() {
      super();
      this.state = { open: false, index: 0, busy: false, items: [] };
      this.onKeyUp = this.onKeyUp.bind(this);
      this.onResize = window.theme.debounce(this.onResize.bind(this), 197);
    }
    connectedCallback() {
      this.items = Array.prototype.slice.call(this.querySelectorAll("[data-item], li, .deferred-media__item"));
      this.buttons = Array.prototype.slice.call(this.querySelectorAll("button, [role=button]"));
      this.buttons.forEach((b) => b.addEventListener("click", this.onButtonClick.bind(this)));
      this.addEventListener("keyup", this.onKeyUp);
      window.addEventListener("resize", this.onResize);
      this.unsubscribe = window.theme.pubsub.on("deferred-media:update", (data) => this.render(data));
      this.setAttribute("data-ready", "");
    }
    disconnectedCallback() {
      window.removeEventListener("resize", this.onResize);
      if (this.unsubscribe) this.unsubscribe();
    }
    onButtonClick(event) {
      event.preventDefault();
      this.state.open = !this.state.open;
      this.toggleAttribute("open", this.state.open);
      if (this.state.open) window.theme.trapFocus(this); else window.theme.removeTrapFocus();
      window.theme.pubsub.emit("deferred-media:toggle", { open: this.state.open });
    }
    onKeyUp(event) {
      if (event.code === "Escape" && this.state.open) { this.state.open = false; this.removeAttribute("open"); window.theme.removeTrapFocus(); }
      if (event.code === "ArrowRight") this.go(this.state.index + 1);
      if (event.code === "ArrowLeft") this.go(this.state.index - 1);
    }
    go(index) {
      if (!this.items.length) return;
      this.state.index = (index + this.items.length) % this.items.length;
      this.items.forEach((item, n) => item.toggleAttribute("aria-current", n === this.state.index));
    }
    onResize() {
      var rect = this.getBoundingClientRect();
      this.style.setProperty("--deferred-media-width", Math.round(rect.width) + "px");
    }
    render(data) {
      if (!data || !data.html) return;
      var doc = new DOMParser().parseFromString(data.html, "text/html");
      var next = doc.querySelector("deferred-media");
      if (next) this.innerHTML = next.innerHTML;
    }
    async refresh(url) {
      if (this.state.busy) return;
      this.state.busy = true;
      try {
        var res = await fetch(url || location.pathname + "?section_id=deferred-media", { headers: { Accept: "text/html" } });
        this.render({ html: await res.text() });
      } catch (e) {
        console.warn("deferred-media: refresh failed", e);
      } finally {
        this.state.busy = false;
      }
    }
  }
  customElements.define("deferred-media", DeferredMedia);
})();
(function () {
  if (customElements.get("pickup-availability")) return;
  class PickupAvailability extends HTMLElement {
    constructor() {
      super();
      this.state = { open: false, index: 0, busy: false, items: [] };
      this.onKeyUp = this.onKeyUp.bind(this);
      this.onResize = window.theme.debounce(this.onResize.bind(this), 204);
    }
    connectedCallback() {
      this.items = Array.prototype.slice.call(this.querySelectorAll("[data-item], li, .pickup-availability__item"));
      this.buttons = Array.prototype.slice.call(this.querySelectorAll("button, [role=button]"));
      this.buttons.forEach((b) => b.addEventListener("click", this.onButtonClick.bind(this)));
      this.addEventListener("keyup", this.onKeyUp);
      window.addEventListener("resize", this.onResize);
      this.unsubscribe = window.theme.pubsub.on("pickup-availability:update", (data) => this.render(data));
      this.setAttribute("data-ready", "");
    }
    disconnectedCallback() {
      window.removeEventListener("resize", this.onResize);
      if (this.unsubscribe) this.unsubscribe();
    }
    onButtonClick(event) {
      event.preventDefault();
      this.state.open = !this.state.open;
      this.toggleAttribute("open", this.state.open);
      if (this.state.open) window.theme.trapFocus(this); else window.theme.removeTrapFocus();
      window.theme.pubsub.emit("pickup-availability:toggle", { open: this.state.open });
    }
    onKeyUp(event) {
      if (event.code === "Escape" && this.state.open) { this.state.open = false; this.removeAttribute("open"); window.theme.removeTrapFocus(); }
      if (event.code === "ArrowRight") this.go(this.state.index + 1);
      if (event.code === "ArrowLeft") this.go(this.state.index - 1);
    }
    go(index) {
      if (!this.items.length) return;
      this.state.index = (index + this.items.length) % this.items.length;
      this.items.forEach((item, n) => item.toggleAttribute("aria-current", n === this.state.index));
    }
    onResize() {
      var rect = this.getBoundingClientRect();
      this.style.setProperty("--pickup-availability-width", Math.round(rect.width) + "px");
    }
    render(data) {
      if (!data || !data.html) return;
      var doc = new DOMParser().parseFromString(data.html, "text/html");
      var next = doc.querySelector("pickup-availability");
      if (next) this.innerHTML = next.innerHTML;
    }
    async refresh(url) {
      if (this.state.busy) return;
      this.state.busy = true;
      try {
        var res = await fetch(url || location.pathname + "?section_id=pickup-availability", { headers: { Accept: "text/html" } });
        this.render({ html: await res.text() });
      } catch (e) {
        console.warn("pickup-availability: refresh failed", e);
      } finally {
        this.state.busy = false;
      }
    }
  }
  customElements.define("pickup-availability", PickupAvailability);
})();
(function () {
  if (customElements.get("recipient-form")) return;
  class RecipientForm extends HTMLElement {
    constructor() {
      super();
      this.state = { open: false, index: 0, busy: false, items: [] };
      this.onKeyUp = this.onKeyUp.bind(this);
      this.onResize = window.theme.debounce(this.onResize.bind(this), 211);
    }
    connectedCallback() {
      this.items = Array.prototype.slice.call(this.querySelectorAll("[data-item], li, .recipient-form__item"));
      this.buttons = Array.prototype.slice.call(this.querySelectorAll("button, [role=button]"));
      this.buttons.forEach((b) => b.addEventListener("click", this.onButtonClick.bind(this)));
      this.addEventListener("keyup", this.onKeyUp);
      window.addEventListener("resize", this.onResize);
      this.unsubscribe = window.theme.pubsub.on("recipient-form:update", (data) => this.render(data));
      this.setAttribute("data-ready", "");
    }
    disconnectedCallback() {
      window.removeEventListener("resize", this.onResize);
      if (this.unsubscribe) this.unsubscribe();
    }
    onButtonClick(event) {
      event.preventDefault();
      this.state.open = !this.state.open;
      this.toggleAttribute("open", this.state.open);
      if (this.state.open) window.theme.trapFocus(this); else window.theme.removeTrapFocus();
      window.theme.pubsub.emit("recipient-form:toggle", { open: this.state.open });
    }
    onKeyUp(event) {
      if (event.code === "Escape" && this.state.open) { this.state.open = false; this.removeAttribute("open"); window.theme.removeTrapFocus(); }
      if (event.code === "ArrowRight") this.go(this.state.index + 1);
      if (event.code === "ArrowLeft") this.go(this.state.index - 1);
    }
    go(index) {
      if (!this.items.length) return;
      this.state.index = (index + this.items.length) % this.items.length;
      this.items.forEach((item, n) => item.toggleAttribute("aria-current", n === this.state.index));
    }
    onResize() {
      var rect = this.getBoundingClientRect();
      this.style.setProperty("--recipient-form-width", Math.round(rect.width) + "px");
    }
    render(data) {
      if (!data || !data.html) return;
      var doc = new DOMParser().parseFromString(data.html, "text/html");
      var next = doc.querySelector("recipient-form");
      if (next) this.innerHTML = next.innerHTML;
    }
    async refresh(url) {
      if (this.state.busy) return;
      this.state.busy = true;
      try {
        var res = await fetch(url || location.pathname + "?section_id=recipient-form", { headers: { Accept: "text/html" } });
        this.render({ html: await res.text() });
      } catch (e) {
        console.warn("recipient-form: refresh failed", e);
      } finally {
        this.state.busy = false;
      }
    }
  }
  customElements.define("recipient-form", RecipientForm);
})();
(function () {
  if (customElements.get("sticky-header")) return;
  class StickyHeader extends HTMLElement {
    constructor() {
      super();
      this.state = { open: false, index: 0, busy: false, items: [] };
      this.onKeyUp = this.onKeyUp.bind(this);
      this.onResize = window.theme.debounce(this.onResize.bind(this), 218);
    }
    connectedCallback() {
      this.items = Array.prototype.slice.call(this.querySelectorAll("[data-item], li, .sticky-header__item"));
      this.buttons = Array.prototype.slice.call(this.querySelectorAll("button, [role=button]"));
      this.buttons.forEach((b) => b.addEventListener("click", this.onButtonClick.bind(this)));
      this.addEventListener("keyup", this.onKeyUp);
      window.addEventListener("resize", this.onResize);
      this.unsubscribe = window.theme.pubsub.on("sticky-header:update", (data) => this.render(data));
      this.setAttribute("data-ready", "");
    }
    disconnectedCallback() {
      window.removeEventListener("resize", this.onResize);
      if (this.unsubscribe) this.unsubscribe();
    }
    onButtonClick(event) {
      event.preventDefault();
      this.state.open = !this.state.open;
      this.toggleAttribute("open", this.state.open);
      if (this.state.open) window.theme.trapFocus(this); else window.theme.removeTrapFocus();
      window.theme.pubsub.emit("sticky-header:toggle", { open: this.state.open });
    }
    onKeyUp(event) {
      if (event.code === "Escape" && this.state.open) { this.state.open = false; this.removeAttribute("open"); window.theme.removeTrapFocus(); }
      if (event.code === "ArrowRight") this.go(this.state.index + 1);
      if (event.code === "ArrowLeft") this.go(this.state.index - 1);
    }
    go(index) {
      if (!this.items.length) return;
      this.state.index = (index + this.items.length) % this.items.length;
      this.items.forEach((item, n) => item.toggleAttribute("aria-current", n === this.state.index));
    }
    onResize() {
      var rect = this.getBoundingClientRect();
      this.style.setProperty("--sticky-header-width", Math.round(rect.width) + "px");
    }
    render(data) {
      if (!data || !data.html) return;
      var doc = new DOMParser().parseFromString(data.html, "text/html");
      var next = doc.querySelector("sticky-header");
      if (next) this.innerHTML = next.innerHTML;
    }
    async refresh(url) {
      if (this.state.busy) return;
      this.state.busy = true;
      try {
        var res = await fetch(url || location.pathname + "?section_id=sticky-header", { headers: { Accept: "text/html" } });
        this.render({ html: await res.text() });
      } catch (e) {
        console.warn("sticky-header: refresh failed", e);
      } finally {
        this.state.busy = false;
      }
    }
  }
  customElements.define("sticky-header", StickyHeader);
})();
(function () {
  if (customElements.get("announcement-bar")) return;
  class AnnouncementBar extends HTMLElement {
    constructor() {
      super();
      this.state = { open: false, index: 0, busy: false, items: [] };
      this.onKeyUp = this.onKeyUp.bind(this);
      this.onResize = window.theme.debounce(this.onResize.bind(this), 225);
    }
    connectedCallback() {
      this.items = Array.prototype.slice.call(this.querySelectorAll("[data-item], li, .announcement-bar__item"));
      this.buttons = Array.prototype.slice.call(this.querySelectorAll("button, [role=button]"));
      this.buttons.forEach((b) => b.addEventListener("click", this.onButtonClick.bind(this)));
      this.addEventListener("keyup", this.onKeyUp);
      window.addEventListener("resize", this.onResize);
      this.unsubscribe = window.theme.pubsub.on("announcement-bar:update", (data) => this.render(data));
      this.setAttribute("data-ready", "");
    }
    disconnectedCallback() {
      window.removeEventListener("resize", this.onResize);
      if (this.unsubscribe) this.unsubscribe();
    }
    onButtonClick(event) {
      event.preventDefault();
      this.state.open = !this.state.open;
      this.toggleAttribute("open", this.state.open);
      if (this.state.open) window.theme.trapFocus(this); else window.theme.removeTrapFocus();
      window.theme.pubsub.emit("announcement-bar:toggle", { open: this.state.open });
    }
    onKeyUp(event) {
      if (event.code === "Escape" && this.state.open) { this.state.open = false; this.removeAttribute("open"); window.theme.removeTrapFocus(); }
      if (event.code === "ArrowRight") this.go(this.state.index + 1);
      if (event.code === "ArrowLeft") this.go(this.state.index - 1);
    }
    go(index) {
      if (!this.items.length) return;
      this.state.index = (index + this.items.length) % this.items.length;
      this.items.forEach((item, n) => item.toggleAttribute("aria-current", n === this.state.index));
    }
    onResize() {
      var rect = this.getBoundingClientRect();
      this.style.setProperty("--announcement-bar-width", Math.round(rect.width) + "px");
    }
    render(data) {
      if (!data || !data.html) return;
      var doc = new DOMParser().parseFromString(data.html, "text/html");
      var next = doc.querySelector("announcement-bar");
      if (next) this.innerHTML = next.innerHTML;
    }
    async refresh(url) {
      if (this.state.busy) return;
      this.state.busy = true;
      try {
        var res = await fetch(url || location.pathname + "?section_id=announcement-bar", { headers: { Accept: "text/html" } });
        this.render({ html: await res.text() });
      } catch (e) {
        console.warn("announcement-bar: refresh failed", e);
      } finally {
        this.state.busy = false;
      }
    }
  }
  customElements.define("announcement-bar", AnnouncementBar);
})();
(function () {
  if (customElements.get("newsletter-form")) return;
  class NewsletterForm extends HTMLElement {
    constructor() {
      super();
      this.state = { open: false, index: 0, busy: false, items: [] };
      this.onKeyUp = this.onKeyUp.bind(this);
      this.onResize = window.theme.debounce(this.onResize.bind(this), 232);
    }
    connectedCallback() {
      this.items = Array.prototype.slice.call(this.querySelectorAll("[data-item], li, .newsletter-form__item"));
      this.buttons = Array.prototype.slice.call(this.querySelectorAll("button, [role=button]"));
      this.buttons.forEach((b) => b.addEventListener("click", this.onButtonClick.bind(this)));
      this.addEventListener("keyup", this.onKeyUp);
      window.addEventListener("resize", this.onResize);
      this.unsubscribe = window.theme.pubsub.on("newsletter-form:update", (data) => this.render(data));
      this.setAttribute("data-ready", "");
    }
    disconnectedCallback() {
      window.removeEventListener("resize", this.onResize);
      if (this.unsubscribe) this.unsubscribe();
    }
    onButtonClick(event) {
      event.preventDefault();
      this.state.open = !this.state.open;
      this.toggleAttribute("open", this.state.open);
      if (this.state.open) window.theme.trapFocus(this); else window.theme.removeTrapFocus();
      window.theme.pubsub.emit("newsletter-form:toggle", { open: this.state.open });
    }
    onKeyUp(event) {
      if (event.code === "Escape" && this.state.open) { this.state.open = false; this.removeAttribute("open"); window.theme.removeTrapFocus(); }
      if (event.code === "ArrowRight") this.go(this.state.index + 1);
      if (event.code === "ArrowLeft") this.go(this.state.index - 1);
    }
    go(index) {
      if (!this.items.length) return;
      this.state.index = (index + this.items.length) % this.items.length;
      this.items.forEach((item, n) => item.toggleAttribute("aria-current", n === this.state.index));
    }
    onResize() {
      var rect = this.getBoundingClientRect();
      this.style.setProperty("--newsletter-form-width", Math.round(rect.width) + "px");
    }
    render(data) {
      if (!data || !data.html) return;
      var doc = new DOMParser().parseFromString(data.html, "text/html");
      var next = doc.querySelector("newsletter-form");
      if (next) this.innerHTML = next.innerHTML;
    }
    async refresh(url) {
      if (this.state.busy) return;
      this.state.busy = true;
      try {
        var res = await fetch(url || location.pathname + "?section_id=newsletter-form", { headers: { Accept: "text/html" } });
        this.render({ html: await res.text() });
      } catch (e) {
        console.warn("newsletter-form: refresh failed", e);
      } finally {
        this.state.busy = false;
      }
    }
  }
  customElements.define("newsletter-form", NewsletterForm);
})();
(function () {
  if (customElements.get("share-button")) return;
  class ShareButton extends HTMLElement {
    constructor() {
      super();
      this.state = { open: false, index: 0, busy: false, items: [] };
      this.onKeyUp = this.onKeyUp.bind(this);
      this.onResize = window.theme.debounce(this.onResize.bind(this), 239);
    }
    connectedCallback() {
      this.items = Array.prototype.slice.call(this.querySelectorAll("[data-item], li, .share-button__item"));
      this.buttons = Array.prototype.slice.call(this.querySelectorAll("button, [role=button]"));
      this.buttons.forEach((b) => b.addEventListener("click", this.onButtonClick.bind(this)));
      this.addEventListener("keyup", this.onKeyUp);
      window.addEventListener("resize", this.onResize);
      this.unsubscribe = window.theme.pubsub.on("share-button:update", (data) => this.render(data));
      this.setAttribute("data-ready", "");
    }
    disconnectedCallback() {
      window.removeEventListener("resize", this.onResize);
      if (this.unsubscribe) this.unsubscribe();
    }
    onButtonClick(event) {
      event.preventDefault();
      this.state.open = !this.state.open;
      this.toggleAttribute("open", this.state.open);
      if (this.state.open) window.theme.trapFocus(this); else window.theme.removeTrapFocus();
      window.theme.pubsub.emit("share-button:toggle", { open: this.state.open });
    }
    onKeyUp(event) {
      if (event.code === "Escape" && this.state.open) { this.state.open = false; this.removeAttribute("open"); window.theme.removeTrapFocus(); }
      if (event.code === "ArrowRight") this.go(this.state.index + 1);
      if (event.code === "ArrowLeft") this.go(this.state.index - 1);
    }
    go(index) {
      if (!this.items.length) return;
      this.state.index = (index + this.items.length) % this.items.length;
      this.items.forEach((item, n) => item.toggleAttribute("aria-current", n === this.state.index));
    }
    onResize() {
      var rect = this.getBoundingClientRect();
      this.style.setProperty("--share-button-width", Math.round(rect.width) + "px");
    }
    render(data) {
      if (!data || !data.html) return;
      var doc = new DOMParser().parseFromString(data.html, "text/html");
      var next = doc.querySelector("share-button");
      if (next) this.innerHTML = next.innerHTML;
    }
    async refresh(url) {
      if (this.state.busy) return;
      this.state.busy = true;
      try {
        var res = await fetch(url || location.pathname + "?section_id=share-button", { headers: { Accept: "text/html" } });
        this.render({ html: await res.text() });
      } catch (e) {
        console.warn("share-button: refresh failed", e);
      } finally {
        this.state.busy = false;
      }
    }
  }
  customElements.define("share-button", ShareButton);
})();
(function () {
  if (customElements.get("accordion-group")) return;
  class AccordionGroup extends HTMLElement {
    constructor() {
      super();
      this.state = { open: false, index: 0, busy: false, items: [] };
      this.onKeyUp = this.onKeyUp.bind(this);
      this.onResize = window.theme.debounce(this.onResize.bind(this), 246);
    }
    connectedCallback() {
      this.items = Array.prototype.slice.call(this.querySelectorAll("[data-item], li, .accordion-group__item"));
      this.buttons = Array.prototype.slice.call(this.querySelectorAll("button, [role=button]"));
      this.buttons.forEach((b) => b.addEventListener("click", this.onButtonClick.bind(this)));
      this.addEventListener("keyup", this.onKeyUp);
      window.addEventListener("resize", this.onResize);
      this.unsubscribe = window.theme.pubsub.on("accordion-group:update", (data) => this.render(data));
      this.setAttribute("data-ready", "");
    }
    disconnectedCallback() {
      window.removeEventListener("resize", this.onResize);
      if (this.unsubscribe) this.unsubscribe();
    }
    onButtonClick(event) {
      event.preventDefault();
      this.state.open = !this.state.open;
      this.toggleAttribute("open", this.state.open);
      if (this.state.open) window.theme.trapFocus(this); else window.theme.removeTrapFocus();
      window.theme.pubsub.emit("accordion-group:toggle", { open: this.state.open });
    }
    onKeyUp(event) {
      if (event.code === "Escape" && this.state.open) { this.state.open = false; this.removeAttribute("open"); window.theme.removeTrapFocus(); }
      if (event.code === "ArrowRight") this.go(this.state.index + 1);
      if (event.code === "ArrowLeft") this.go(this.state.index - 1);
    }
    go(index) {
      if (!this.items.length) return;
      this.state.index = (index + this.items.length) % this.items.length;
      this.items.forEach((item, n) => item.toggleAttribute("aria-current", n === this.state.index));
    }
    onResize() {
      var rect = this.getBoundingClientRect();
      this.style.setProperty("--accordion-group-width", Math.round(rect.width) + "px");
    }
    render(data) {
      if (!data || !data.html) return;
      var doc = new DOMParser().parseFromString(data.html, "text/html");
      var next = doc.querySelector("accordion-group");
      if (next) this.innerHTML = next.innerHTML;
    }
    async refresh(url) {
      if (this.state.busy) return;
      this.state.busy = true;
      try {
        var res = await fetch(url || location.pathname + "?section_id=accordion-group", { headers: { Accept: "text/html" } });
        this.render({ html: await res.text() });
      } catch (e) {
        console.warn("accordion-group: refresh failed", e);
      } finally {
        this.state.busy = false;
      }
    }
  }
  customElements.define("accordion-group", AccordionGroup);
})();
(function () {
  if (customElements.get("tab-list")) return;
  class TabList extends HTMLElement {
    constructor() {
      super();
      this.state = { open: false, index: 0, busy: false, items: [] };
      this.onKeyUp = this.onKeyUp.bind(this);
      this.onResize = window.theme.debounce(this.onResize.bind(this), 253);
    }
    connectedCallback() {
      this.items = Array.prototype.slice.call(this.querySelectorAll("[data-item], li, .tab-list__item"));
      this.buttons = Array.prototype.slice.call(this.querySelectorAll("button, [role=button]"));
      this.buttons.forEach((b) => b.addEventListener("click", this.onButtonClick.bind(this)));
      this.addEventListener("keyup", this.onKeyUp);
      window.addEventListener("resize", this.onResize);
      this.unsubscribe = window.theme.pubsub.on("tab-list:update", (data) => this.render(data));
      this.setAttribute("data-ready", "");
    }
    disconnectedCallback() {
      window.removeEventListener("resize", this.onResize);
      if (this.unsubscribe) this.unsubscribe();
    }
    onButtonClick(event) {
      event.preventDefault();
      this.state.open = !this.state.open;
      this.toggleAttribute("open", this.state.open);
      if (this.state.open) window.theme.trapFocus(this); else window.theme.removeTrapFocus();
      window.theme.pubsub.emit("tab-list:toggle", { open: this.state.open });
    }
    onKeyUp(event) {
      if (event.code === "Escape" && this.state.open) { this.state.open = false; this.removeAttribute("open"); window.theme.removeTrapFocus(); }
      if (event.code === "ArrowRight") this.go(this.state.index + 1);
      if (event.code === "ArrowLeft") this.go(this.state.index - 1);
    }
    go(index) {
      if (!this.items.length) return;
      this.state.index = (index + this.items.length) % this.items.length;
      this.items.forEach((item, n) => item.toggleAttribute("aria-current", n === this.state.index));
    }
    onResize() {
      var rect = this.getBoundingClientRect();
      this.style.setProperty("--tab-list-width", Math.round(rect.width) + "px");
    }
    render(data) {
      if (!data || !data.html) return;
      var doc = new DOMParser().parseFromString(data.html, "text/html");
      var next = doc.querySelector("tab-list");
      if (next) this.innerHTML = next.innerHTML;
    }
    async refresh(url) {
      if (this.state.busy) return;
      this.state.busy = true;
      try {
        var res = await fetch(url || location.pathname + "?section_id=tab-list", { headers: { Accept: "text/html" } });
        this.render({ html: await res.text() });
      } catch (e) {
        console.warn("tab-list: refresh failed", e);
      } finally {
        this.state.busy = false;
      }
    }
  }
  customElements.define("tab-list", TabList);
})();
document.addEventListener("DOMContentLoaded", function () {
  // Start-up work a theme does: mark focus-visible, measure the header, collect products for analytics.
  var header = document.querySelector(".site-header");
  if (header) document.documentElement.style.setProperty("--header-height", header.offsetHeight + "px");
  var cards = document.querySelectorAll(".card, .product");
  var seen = [];
  for (var i = 0; i < cards.length; i++) seen.push({ index: i, text: (cards[i].textContent || "").trim().slice(0, 40) });
  window.theme.viewed = seen;
  var checksum = 0;
  for (var n = 0; n < 200000; n++) checksum = (checksum * 31 + n) % 1000003;
  window.theme.ready = checksum;
  document.body.classList.add("theme-ready");
});
