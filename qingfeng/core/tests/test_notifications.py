"""Notifications: notify() (bell + email), the bell's unread count, and the user's own list."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from qingfeng.core.models import Notification
from qingfeng.core.notifications import notify
from qingfeng.core.testing import pinned_queries
from qingfeng.core.tests.factories import UserFactory


def note(user, title="提醒：整改还有3天到期", read=False, url="", minutes_ago=0):
    return Notification.objects.create(
        user=user, title=title, body="请按时完成", url=url,
        created_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
        read_at=timezone.now() if read else None)


# --- notify() ---


def test_it_notifies_each_user_once_and_mails_those_with_an_address(
        world, mailoutbox, django_capture_on_commit_callbacks):
    world.sec_a.email = "sec_a@example.org"
    world.sec_a.save()

    with django_capture_on_commit_callbacks(execute=True):
        rows = notify([world.sec_a, world.sec_b, world.sec_a], None, "督办：张丽的整改已逾期7天", "请督促", "/ledger/")

    assert sorted(n.user.username for n in rows) == ["sec_a", "sec_b"]
    assert Notification.objects.filter(title="督办：张丽的整改已逾期7天").count() == 2
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["sec_a@example.org"]
    assert mailoutbox[0].subject == "督办：张丽的整改已逾期7天"
    assert "请督促" in mailoutbox[0].body and "/ledger/" in mailoutbox[0].body


def test_it_skips_inactive_users(world, mailoutbox, django_capture_on_commit_callbacks):
    world.sec_b.is_active = False
    world.sec_b.email = "sec_b@example.org"
    world.sec_b.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify([world.sec_b], None, "提醒")
    assert not Notification.objects.exists() and mailoutbox == []


def test_it_can_leave_email_out(world, mailoutbox, django_capture_on_commit_callbacks):
    world.sec_a.email = "sec_a@example.org"
    world.sec_a.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify([world.sec_a], None, "提醒", email=False)
    assert Notification.objects.count() == 1 and mailoutbox == []


def test_it_mails_nothing_when_the_transaction_rolls_back(world, mailoutbox, django_capture_on_commit_callbacks):
    world.sec_a.email = "sec_a@example.org"
    world.sec_a.save()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        notify([world.sec_a], None, "提醒")
        raise RuntimeError("rolled back")
    assert not Notification.objects.exists() and mailoutbox == []


def test_a_broken_mail_server_does_not_undo_the_notification(world, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_PORT = 1  # nothing listens there
    world.sec_a.email = "sec_a@example.org"
    world.sec_a.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify([world.sec_a], None, "提醒")
    assert Notification.objects.filter(user=world.sec_a).count() == 1


def test_a_message_about_a_record_reaches_only_those_who_may_see_it(world):
    rows = notify([world.sec_a, world.sec_b, world.leader, world.alice_user], world.alice, "关于张丽")
    # sec_b's branch is another; alice sees her own record; the leader reads the whole committee.
    assert sorted(n.user.username for n in rows) == ["alice", "leader", "sec_a"]


def test_a_message_must_say_what_it_is_about(world):
    with pytest.raises(TypeError):
        notify([world.sec_a], title="提醒")


# --- the bell ---


def test_the_bell_shows_the_unread_count_on_every_page(world, login):
    for _ in range(2):
        note(world.sec_a)
    note(world.sec_a, read=True)
    note(world.sec_b)
    page = login(world.sec_a).get(reverse("org_tree"))
    assert page.status_code == 200
    html = page.content.decode()
    assert reverse("notification_list") in html
    assert '<span class="badge rounded-pill bg-warning text-dark ms-1" id="qf-unread">2</span>' in html


def test_the_bell_has_no_badge_when_all_is_read(world, login):
    note(world.sec_a, read=True)
    html = login(world.sec_a).get(reverse("org_tree")).content.decode()
    assert 'id="qf-bell"' in html and 'id="qf-unread"' not in html


def test_the_bell_caps_large_counts(world, login):
    Notification.objects.bulk_create([Notification(user=world.sec_a, title=f"提醒{i}") for i in range(120)])
    html = login(world.sec_a).get(reverse("org_tree")).content.decode()
    assert 'id="qf-unread">99+</span>' in html


def test_the_login_page_has_no_bell(client, db):
    html = client.get(reverse("login")).content.decode()
    assert 'id="qf-bell"' not in html


# --- the list ---


def test_the_list_shows_my_notifications_newest_first_unread_bold(world, login):
    note(world.sec_a, title="较早的已读通知", read=True, minutes_ago=10)
    note(world.sec_a, title="最新的未读通知")
    note(world.sec_b, title="别人的通知")

    page = login(world.sec_a).get(reverse("notification_list"))

    html = page.content.decode()
    assert page.status_code == 200
    assert html.index("最新的未读通知") < html.index("较早的已读通知")
    assert "别人的通知" not in html
    assert '<span class="fw-bold"><span class="badge bg-danger me-1">未读</span>最新的未读通知' in html
    assert '<span class="">较早的已读通知' in html
    assert "全部标为已读" in html


def test_the_list_offers_no_mark_all_when_nothing_is_unread(world, login):
    note(world.sec_a, read=True)
    html = login(world.sec_a).get(reverse("notification_list")).content.decode()
    assert "全部标为已读" not in html


def test_the_list_requires_login(client, db):
    page = client.get(reverse("notification_list"))
    assert page.status_code == 302 and reverse("login") in page["Location"]


def test_opening_a_notification_marks_it_read_and_follows_its_link(world, login):
    mine = note(world.alice_user, url="/ledger/")
    page = login(world.alice_user).post(reverse("notification_read", args=[mine.pk]))
    assert page.status_code == 302 and page["Location"] == "/ledger/"
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_opening_a_notification_without_a_link_returns_to_the_list(world, login):
    mine = note(world.alice_user)
    page = login(world.alice_user).post(reverse("notification_read", args=[mine.pk]))
    assert page["Location"] == reverse("notification_list")


def test_it_never_follows_a_link_off_the_site(world, login):
    mine = note(world.alice_user, url="https://evil.example.com/")
    page = login(world.alice_user).post(reverse("notification_read", args=[mine.pk]))
    assert page["Location"] == reverse("notification_list")


def test_another_users_notification_is_not_found(world, login):
    theirs = note(world.sec_b, url="/ledger/")
    page = login(world.sec_a).post(reverse("notification_read", args=[theirs.pk]))
    assert page.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_opening_requires_post(world, login):
    mine = note(world.sec_a)
    assert login(world.sec_a).get(reverse("notification_read", args=[mine.pk])).status_code == 405
    mine.refresh_from_db()
    assert mine.read_at is None


def test_mark_all_read_touches_only_my_unread_notifications(world, login):
    mine = [note(world.sec_a), note(world.sec_a)]
    earlier = timezone.now() - datetime.timedelta(days=3)
    old = Notification.objects.create(user=world.sec_a, title="旧", read_at=earlier)
    theirs = note(world.sec_b)

    page = login(world.sec_a).post(reverse("notification_read_all"), follow=True)

    assert page.redirect_chain[-1][0] == reverse("notification_list")
    assert "已将 2 条通知标为已读" in page.content.decode()
    assert all(Notification.objects.get(pk=n.pk).read_at for n in mine)
    assert Notification.objects.get(pk=old.pk).read_at == earlier
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_mark_all_read_requires_post_and_login(world, client, login):
    note(world.sec_a)
    assert client.post(reverse("notification_read_all")).status_code == 302  # to login
    assert login(world.sec_a).get(reverse("notification_read_all")).status_code == 405
    assert Notification.objects.get().read_at is None


def test_the_list_pages_through_many_notifications(world, login):
    Notification.objects.bulk_create([Notification(user=world.sec_a, title=f"第{i}条") for i in range(35)])
    client = login(world.sec_a)
    assert "第 1 / 2 页" in client.get(reverse("notification_list")).content.decode()
    assert client.get(reverse("notification_list") + "?page=2").status_code == 200


@pytest.mark.parametrize("sizes", [(3, 40)])
def test_the_list_makes_a_pinned_number_of_queries(world, login, sizes):
    client = login(world.sec_a)
    client.get(reverse("notification_list"))  # warm
    other = UserFactory(username="someone")
    for size in sizes:
        Notification.objects.bulk_create(
            [Notification(user=world.sec_a, title=f"通知{i}", read_at=None if i % 2 else timezone.now())
             for i in range(size)] + [Notification(user=other, title="别人的") for _ in range(size)])
        with pinned_queries("core.notification_list"):
            page = client.get(reverse("notification_list"))
        assert page.status_code == 200
