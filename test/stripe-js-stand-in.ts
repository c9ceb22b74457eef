// The stand-in Stripe.js served by test/stripe-stand-in.ts at /v3/ (the browser suite has no
// network). It implements the part of Stripe.js that @stripe/react-stripe-js and our payment
// step use — stripe.elements(), elements.create('payment').mount(), confirmPayment() — with a
// plain card-number input instead of Stripe's iframe, and confirms against the stand-in's
// /js/confirm endpoint (4242 4242 4242 4242 succeeds, any other number is declined).
export const STRIPE_JS_STAND_IN = String.raw`(function () {
  var script = document.currentScript;
  var base = script ? new URL(script.src).origin : '';
  function on(handlers, event, handler) {
    (handlers[event] = handlers[event] || []).push(handler);
  }
  function Element(type) { this.type = type; this.handlers = {}; this.input = null; }
  Element.prototype.mount = function (node) {
    var input = document.createElement('input');
    input.setAttribute('aria-label', 'Card number');
    input.setAttribute('data-testid', 'stripe-card-number');
    input.setAttribute('inputmode', 'numeric');
    input.className = 'input';
    node.appendChild(input);
    this.input = input;
    var handlers = this.handlers;
    setTimeout(function () {
      (handlers.ready || []).forEach(function (h) { h({ elementType: 'payment' }); });
    }, 0);
  };
  Element.prototype.on = function (event, handler) { on(this.handlers, event, handler); return this; };
  Element.prototype.off = function (event, handler) {
    this.handlers[event] = (this.handlers[event] || []).filter(function (h) { return h !== handler; });
    return this;
  };
  Element.prototype.update = function () {};
  Element.prototype.destroy = function () { if (this.input) this.input.remove(); };
  function Elements(options) { this.options = options || {}; this.element = null; }
  Elements.prototype.create = function (type) { this.element = new Element(type); return this.element; };
  Elements.prototype.getElement = function () { return this.element; };
  Elements.prototype.update = function () {};
  Elements.prototype.submit = function () { return Promise.resolve({}); };
  function Stripe(key) {
    if (!(this instanceof Stripe)) return new Stripe(key);
    this.key = key;
  }
  Stripe.prototype.elements = function (options) { return new Elements(options); };
  Stripe.prototype.createToken = function () { return Promise.reject(new Error('stand-in')); };
  Stripe.prototype.createPaymentMethod = Stripe.prototype.createToken;
  Stripe.prototype.confirmCardPayment = Stripe.prototype.createToken;
  Stripe.prototype.confirmPayment = function (args) {
    var elements = args.elements;
    var secret = elements.options.clientSecret;
    var card = elements.element && elements.element.input ? elements.element.input.value : '';
    return fetch(base + '/js/confirm', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientSecret: secret, card: card }),
    })
      .then(function (response) { return response.json(); })
      .then(function (result) {
        var id = String(secret).split('_secret_')[0];
        if (result.status !== 'succeeded') {
          return {
            error: {
              type: 'card_error',
              code: 'card_declined',
              message: (result.error && result.error.message) || 'Your card was declined.',
            },
          };
        }
        if (args.redirect === 'if_required') {
          return { paymentIntent: { id: id, status: 'succeeded' } };
        }
        var url = new URL(args.confirmParams.return_url);
        url.searchParams.set('payment_intent', id);
        url.searchParams.set('redirect_status', 'succeeded');
        window.location.assign(url.toString());
        return new Promise(function () {});
      });
  };
  Stripe.version = 'endive';
  window.Stripe = Stripe;
})();
`;
