"""A member may upload her reflection as a .txt or .docx instead of typing it: its text becomes the body."""

import io

import docx
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from qingfeng.study.models import Reflection
from qingfeng.study.tests.test_reflection_workflow import make_reflection

TEXT = "通过学习，我深刻认识到理论学习必须同本职工作结合起来。今年我走访了二十户学生家庭。"


def create(campaign):
    return reverse("reflection_create", args=[campaign.pk])


def word_file(*paragraphs) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_gb18030_text_file_becomes_the_body(campaign, world, login):
    upload = SimpleUploadedFile("心得.txt", TEXT.encode("gb18030"))
    login(world.alice_user).post(create(campaign), {"title": "学习体会", "body": "", "upload": upload, "submit": "1"})
    reflection = Reflection.objects.get()
    assert reflection.body == TEXT
    assert reflection.status == Reflection.Status.SUBMITTED


def test_a_word_file_becomes_the_body_even_over_typed_text(campaign, world, login):
    upload = SimpleUploadedFile("心得.docx", word_file("第一段。", "第二段。"))
    login(world.alice_user).post(create(campaign), {"title": "学习体会", "body": "打的字", "upload": upload})
    assert Reflection.objects.get().body == "第一段。\n第二段。"


def test_a_disguised_or_empty_file_is_refused_by_name_and_nothing_saved(campaign, world, login):
    client = login(world.alice_user)
    for name, content, says in [("心得.docx", b"not a zip at all", "不是有效的 Word 文档"),
                                ("心得.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "不是文本文件"),
                                ("心得.pdf", b"%PDF-1.4", "不是文本文件（.txt）或 Word 文档（.docx）"),
                                ("空白.txt", b"  \n ", "没有文字")]:
        response = client.post(create(campaign), {"title": "学习体会", "body": "", "submit": "1",
                                                  "upload": SimpleUploadedFile(name, content)})
        assert response.status_code == 200
        assert says in response.context["form"].errors["upload"][0]
        assert name in response.context["form"].errors["upload"][0]
    assert not Reflection.objects.exists()


def test_without_text_or_file_the_body_is_asked_for(campaign, world, login):
    response = login(world.alice_user).post(create(campaign), {"title": "学习体会", "body": " "})
    assert response.context["form"].errors["body"] == ["请填写正文，或上传文件"]


def test_editing_a_draft_with_a_file_replaces_its_body(campaign, world, login):
    reflection = make_reflection(campaign, world.alice)
    upload = SimpleUploadedFile("新.txt", TEXT.encode("utf-8-sig"))
    login(world.alice_user).post(reverse("reflection_edit", args=[campaign.pk, reflection.pk]),
                                 {"title": reflection.title, "body": reflection.body, "upload": upload})
    reflection.refresh_from_db()
    assert reflection.body == TEXT
