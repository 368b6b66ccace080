"""articles and cross-article indexes

Revision ID: 0001
Revises: 
Create Date: 2026-11-27
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('articles',
    sa.Column('pk', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('id', sa.String(length=120), nullable=False),
    sa.Column('content_hash', sa.String(length=80), nullable=False),
    sa.Column('headline', sa.Text(), nullable=True),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('source_url', sa.Text(), nullable=True),
    sa.Column('pipeline_version', sa.String(length=40), nullable=False),
    sa.Column('model', sa.String(length=120), nullable=False),
    sa.Column('model_version', sa.String(length=40), nullable=False),
    sa.Column('document', sa.JSON(), nullable=False),
    sa.Column('raw_text', sa.Text(), nullable=False),
    sa.Column('raw_format', sa.String(length=10), nullable=False),
    sa.Column('published_given', sa.Date(), nullable=True),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('pk'),
    sa.UniqueConstraint('content_hash'),
    sa.UniqueConstraint('id')
    )
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.create_index('ix_articles_order', ['published', 'pk'], unique=False)
        batch_op.create_index(batch_op.f('ix_articles_published'), ['published'], unique=False)

    op.create_table('entity_totals',
    sa.Column('key', sa.String(length=160), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('article_count', sa.Integer(), nullable=False),
    sa.Column('mention_count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    with op.batch_alter_table('entity_totals', schema=None) as batch_op:
        batch_op.create_index('ix_entity_totals_rank', ['article_count', 'key'], unique=False)
        batch_op.create_index('ix_entity_totals_type_rank', ['type', 'article_count', 'key'], unique=False)

    op.create_table('article_entities',
    sa.Column('article_pk', sa.Integer(), nullable=False),
    sa.Column('entity_id', sa.String(length=160), nullable=False),
    sa.Column('key', sa.String(length=160), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('salience', sa.Float(), nullable=False),
    sa.Column('mention_count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['article_pk'], ['articles.pk'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('article_pk', 'entity_id')
    )
    with op.batch_alter_table('article_entities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_article_entities_key'), ['key'], unique=False)

    op.create_table('article_figures',
    sa.Column('article_pk', sa.Integer(), nullable=False),
    sa.Column('figure_id', sa.String(length=20), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('unit', sa.String(length=40), nullable=True),
    sa.Column('value', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['article_pk'], ['articles.pk'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('article_pk', 'figure_id')
    )
    with op.batch_alter_table('article_figures', schema=None) as batch_op:
        batch_op.create_index('ix_figures_kind_unit_value', ['kind', 'unit', 'value'], unique=False)
        batch_op.create_index('ix_figures_value', ['value'], unique=False)

    op.create_table('entity_names',
    sa.Column('article_pk', sa.Integer(), nullable=False),
    sa.Column('entity_id', sa.String(length=160), nullable=False),
    sa.Column('name_lower', sa.String(length=300), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('key', sa.String(length=160), nullable=False),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['article_pk'], ['articles.pk'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('article_pk', 'entity_id', 'name_lower')
    )
    with op.batch_alter_table('entity_names', schema=None) as batch_op:
        batch_op.create_index('ix_entity_names_lookup', ['name_lower', 'type'], unique=False)

    op.create_table('figure_entities',
    sa.Column('article_pk', sa.Integer(), nullable=False),
    sa.Column('figure_id', sa.String(length=20), nullable=False),
    sa.Column('key', sa.String(length=160), nullable=False),
    sa.ForeignKeyConstraint(['article_pk'], ['articles.pk'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('article_pk', 'figure_id', 'key')
    )
    with op.batch_alter_table('figure_entities', schema=None) as batch_op:
        batch_op.create_index('ix_figure_entities_key', ['key'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('figure_entities', schema=None) as batch_op:
        batch_op.drop_index('ix_figure_entities_key')

    op.drop_table('figure_entities')
    with op.batch_alter_table('entity_names', schema=None) as batch_op:
        batch_op.drop_index('ix_entity_names_lookup')

    op.drop_table('entity_names')
    with op.batch_alter_table('article_figures', schema=None) as batch_op:
        batch_op.drop_index('ix_figures_value')
        batch_op.drop_index('ix_figures_kind_unit_value')

    op.drop_table('article_figures')
    with op.batch_alter_table('article_entities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_entities_key'))

    op.drop_table('article_entities')
    with op.batch_alter_table('entity_totals', schema=None) as batch_op:
        batch_op.drop_index('ix_entity_totals_type_rank')
        batch_op.drop_index('ix_entity_totals_rank')

    op.drop_table('entity_totals')
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_articles_published'))
        batch_op.drop_index('ix_articles_order')

    op.drop_table('articles')
