"""Sample service scanned for repository-bound sandbox projects (deliberately vulnerable)."""
import hashlib
import os
import pickle
import sqlite3

import requests
from flask import Flask, request

app = Flask(__name__)
DB_PASSWORD = "s3cr3t-passw0rd"


@app.route("/user")
def user():
    name = request.args.get("name")
    conn = sqlite3.connect("app.db")
    rows = conn.execute(f"SELECT * FROM users WHERE name = '{name}'").fetchall()
    return {"rows": rows}


@app.route("/ping")
def ping():
    os.system("ping -c 1 " + request.args.get("host"))
    return "ok"


@app.route("/calc")
def calc():
    return str(eval(request.args.get("expr")))


@app.route("/load", methods=["POST"])
def load():
    return str(pickle.loads(request.data))


def fingerprint(data):
    return hashlib.md5(data).hexdigest()


def fetch_status():
    return requests.get("https://status.internal.acme.io/health", verify=False).json()


if __name__ == "__main__":
    app.run(host="0.0.0.0", debug=True)
