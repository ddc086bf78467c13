"""Order service: a tiny Flask-style app with the classic mistakes."""
import hashlib
import os
import pickle
import sqlite3
import subprocess

import requests
import yaml

AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"
DB_PASSWORD = "hunter2-prod-password"
PAYMENT_API = "http://payments.internal.example.com/charge"


def find_orders(db: sqlite3.Connection, customer: str):
    cursor = db.cursor()
    cursor.execute("SELECT * FROM orders WHERE customer = '" + customer + "'")
    return cursor.fetchall()


def export_report(name: str):
    os.system("tar czf /tmp/reports.tgz reports/" + name)
    return subprocess.call("gzip " + name, shell=True)


def calculate(expression: str):
    return eval(expression)


def load_session(blob: bytes):
    return pickle.loads(blob)


def load_settings(text: str):
    return yaml.load(text)


def password_hash(password: str) -> str:
    return hashlib.md5(password.encode()).hexdigest()


def charge(amount: int):
    return requests.post(PAYMENT_API, json={"amount": amount}, verify=False)
