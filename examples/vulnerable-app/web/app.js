// Storefront: an Express handler and a browser widget with the classic mistakes.
const express = require("express");
const crypto = require("crypto");
const { exec } = require("child_process");
const https = require("https");

const app = express();
const STRIPE_SECRET_KEY = "sk_live_51HxExampleExampleExample00";
const agent = new https.Agent({ rejectUnauthorized: false });

app.get("/search", (req, res) => {
  const sql = "SELECT * FROM products WHERE name LIKE '%" + req.query.q + "%'";
  db.query(sql, (err, rows) => res.json(rows));
});

app.get("/convert", (req, res) => {
  exec("convert " + req.query.file + " out.png", () => res.send("ok"));
});

app.post("/calc", (req, res) => {
  res.send(String(eval(req.body.expression)));
});

function tokenFor(user) {
  return crypto.createHash("md5").update(user).digest("hex");
}

function showGreeting(name) {
  document.getElementById("greeting").innerHTML = "Hello " + name;
  document.write("<p>" + location.hash + "</p>");
}

app.listen(3000);
