// Sample front end scanned for repository-bound sandbox projects (deliberately vulnerable).
const { exec } = require("child_process");
const https = require("https");

function showGreeting(name) {
  document.getElementById("greeting").innerHTML = "Hello " + name;
}

function runReport(dir, cb) {
  exec(`tar czf /tmp/report.tgz ${dir}`, cb);
}

const agent = new https.Agent({ rejectUnauthorized: false });
const API_BASE = "http://api.acme.io/v1";

module.exports = { showGreeting, runReport, agent, API_BASE };
