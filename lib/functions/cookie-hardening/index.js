// EDGE-7: CloudFront Function (runtime cloudfront-js-2.0), viewer response.
// Adds Secure, HttpOnly and SameSite=Lax to every Set-Cookie that lacks them.
// It only appends: it never removes a cookie or an attribute, never changes a
// value, never adds an attribute twice, and keeps an explicit SameSite
// (Strict or None) set by the application.
// CloudFront runs this file as is: no imports, no exports; `handler` is the entry point.

var REQUIRED = [
  { name: 'secure', text: 'Secure' },
  { name: 'httponly', text: 'HttpOnly' },
  { name: 'samesite', text: 'SameSite=Lax' },
];

function attributeNames(attributes) {
  var names = {};
  var parts = attributes.split(';');
  for (var i = 0; i < parts.length; i++) {
    var name = parts[i].split('=')[0].trim().toLowerCase();
    if (name) names[name] = true;
  }
  return names;
}

function harden(attributes) {
  var current = typeof attributes === 'string' ? attributes.trim() : '';
  var present = attributeNames(current);
  var added = [];
  for (var i = 0; i < REQUIRED.length; i++) {
    if (!present[REQUIRED[i].name]) added.push(REQUIRED[i].text);
  }
  if (!added.length) return attributes;
  var base = current.replace(/;\s*$/, '');
  return base ? base + '; ' + added.join('; ') : added.join('; ');
}

function handler(event) {
  var response = event.response;
  var cookies = response.cookies || {};
  for (var name in cookies) {
    var cookie = cookies[name];
    cookie.attributes = harden(cookie.attributes);
    if (cookie.multiValue) {
      for (var i = 0; i < cookie.multiValue.length; i++) {
        cookie.multiValue[i].attributes = harden(cookie.multiValue[i].attributes);
      }
    }
  }
  return response;
}
