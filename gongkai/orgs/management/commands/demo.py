from django.core.management.base import BaseCommand

from gongkai.demo import DEMO_PASSWORD, build_demo, demo_logins


class Command(BaseCommand):
    help = "载入演示数据（广西柳州市的一组机构，每个岗位一个用户）；重复执行不会重复创建。"

    def handle(self, *args, **opts):
        ctx = build_demo()
        if ctx.log:
            self.stdout.write("已创建：" + "；".join(ctx.log))
        else:
            self.stdout.write("演示数据已存在，未作改动。")
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for username, who, role in demo_logins():
            self.stdout.write(f"  {username:<16} {role:<12} {who}")
